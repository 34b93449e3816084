package dev.errands.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Timeline;
import dev.errands.runtime.WorkflowFailedException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the demo prints, asserted against the same real HTTP server: parallel takes about the
 * longest errand, sequence about the sum, the race about the fastest place with the losers
 * cancelled, and a failure names its step and cancels the rest.
 */
@org.junit.jupiter.api.Timeout(60)
class DemoClaimsTest {
    private static Town town;
    private static HttpClient http;
    private static TownClient client;

    @BeforeAll
    static void openTown() throws IOException {
        town = Town.open(Demo.LATENCIES, Demo.DOWN);
        http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        client = new TownClient(http, town.address());
    }

    @AfterAll
    static void closeTown() {
        http.close();
        town.close();
    }

    private static long ms(String place) {
        return town.latency(place).toMillis();
    }

    private static long millis(ThrowingRun run) throws Exception {
        run.run(); // once to warm up connections and classes
        long start = System.nanoTime();
        run.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    private static Map<String, RunEvent.Outcome> outcomes(Timeline timeline) {
        return timeline.events().stream()
                .filter(e -> e instanceof RunEvent.StepEnded)
                .map(RunEvent.StepEnded.class::cast)
                .filter(e -> e.runId() == timeline.events().get(timeline.events().size() - 1).runId())
                .collect(Collectors.toMap(RunEvent.StepEnded::step, RunEvent.StepEnded::outcome, (first, later) -> later));
    }

    @Test
    void parallelTakesAboutTheLongestErrand() throws Exception {
        var errands = new ErrandsOrchestrator(new Errands(client));
        long longest = Math.max(ms("post-office"), Math.max(ms("grocery-store"), ms("dry-cleaner")));
        long sum = ms("post-office") + ms("grocery-store") + ms("dry-cleaner");

        long took = millis(() -> assertEquals("grocery-store:buy/milk", errands.run("p", "milk", "1").groceries()));

        assertTrue(took >= longest, took + " ms");
        assertTrue(took < longest + (sum - longest) / 2, "about the longest (" + longest + " ms), not the sum: " + took);
    }

    @Test
    void sequenceTakesAboutTheSum() throws Exception {
        var errands = new ErrandsInSequenceOrchestrator(new ErrandsInSequence(client));
        long sum = ms("post-office") + ms("grocery-store") + ms("dry-cleaner");

        long took = millis(() -> assertEquals(
                "post-office:send/p -> grocery-store:buy/milk -> dry-cleaner:pick-up/1",
                errands.run("p", "milk", "1").dryCleaner()));

        assertTrue(took >= sum, took + " ms");
        assertTrue(took < sum + 400, took + " ms");
    }

    @Test
    void theRaceTakesAboutTheFastestPlaceAndCancelsTheOthers() throws Exception {
        var timeline = new Timeline();
        var race = new PizzaRaceOrchestrator(new PizzaRace(client), RunOptions.builder().listener(timeline).build());
        long fastest = Math.min(ms("luigis"), Math.min(ms("marios"), ms("napoli")));

        long took = millis(() -> assertEquals("dinner is marios:margherita", race.run("margherita").dinner()));

        assertTrue(took >= fastest, took + " ms");
        assertTrue(took < ms("napoli"), "about the fastest place (" + fastest + " ms): " + took);
        Map<String, RunEvent.Outcome> outcomes = outcomes(timeline);
        assertEquals(RunEvent.Outcome.SUCCEEDED, outcomes.get("marios"));
        assertEquals(RunEvent.Outcome.CANCELLED, outcomes.get("luigis"));
        assertEquals(RunEvent.Outcome.CANCELLED, outcomes.get("napoli"));
    }

    @Test
    void theProfilePageMixesAllThreeAndRendersWithoutTheAlbumsWhenTheyAreDown() throws Exception {
        var timeline = new Timeline();
        var profiles = new ProfilePageOrchestrator(new ProfilePage(client), RunOptions.builder().listener(timeline).build());
        long critical = ms("users") + ms("posts") + 2 * ms("comments"); // 3 posts, 2 at a time

        long took = millis(() -> {
            var result = profiles.run(7L);
            var page = result.page();
            assertEquals(new ProfilePage.User(7, "users:7"), page.user());
            assertEquals(List.of("posts:by/7/1", "posts:by/7/2", "posts:by/7/3"), page.posts());
            assertEquals(List.of("comments:on/by/7/1", "comments:on/by/7/2", "comments:on/by/7/3"), page.comments(),
                    "one call per post, in the posts' order");
            assertEquals(List.of(), page.albums(), "rendered without the albums");
            assertTrue(result.albums() instanceof dev.errands.runtime.Outcome.Failure<?>, String.valueOf(result.albums()));
            assertEquals("mirror-us:avatar/7", page.avatar(), "the fastest mirror that answered");
        });

        assertTrue(took >= critical, took + " ms");
        assertTrue(took < critical + 250, "about the critical path (" + critical + " ms): " + took);
        Map<String, RunEvent.Outcome> outcomes = outcomes(timeline);
        assertEquals(RunEvent.Outcome.FAILED, outcomes.get("avatarFromAsia"), "a failed mirror is waited out");
        assertEquals(RunEvent.Outcome.CANCELLED, outcomes.get("avatarFromEurope"));
        assertEquals(RunEvent.Outcome.FAILED, outcomes.get("albums"), "tolerated: the run still succeeded");
        var ended = (RunEvent.RunEnded) timeline.events().get(timeline.events().size() - 1);
        assertEquals(List.of("user", "posts", "comments", "page"), ended.criticalPath());
    }

    @Test
    void aFailureNamesItsStepAndCancelsTheRest() {
        var timeline = new Timeline();
        var checkout = new CheckoutOrchestrator(new Checkout(client), RunOptions.builder().listener(timeline).build());
        int mailsBefore = town.visits("mail");

        var failed = assertThrows(WorkflowFailedException.class, () -> checkout.run("order-1"));

        assertEquals("payment", failed.step());
        assertTrue(failed.getCause() instanceof IOException, String.valueOf(failed.getCause()));
        assertTrue(failed.getCause().getMessage().contains("503"), failed.getCause().getMessage());
        Map<String, RunEvent.Outcome> outcomes = outcomes(timeline);
        assertEquals(RunEvent.Outcome.CANCELLED, outcomes.get("reserveStock"));
        assertEquals(RunEvent.Outcome.CANCELLED, outcomes.get("fraudCheck"));
        assertEquals(Set.of("reserveStock", "fraudCheck", "payment"), outcomes.keySet(), "the mail step never started");
        assertEquals(mailsBefore, town.visits("mail"));
    }

    @Test
    void theDemoRunsToTheEnd() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("dinner is marios:margherita"), printed);
        assertTrue(printed.contains("step() = \"payment\""), printed);
        assertTrue(printed.contains("won race pizza"), printed);
        assertSame(original, System.out);
    }
}
