package dev.errands.examples;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Timeline;
import dev.errands.runtime.WorkflowFailedException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The README's demo: the seed's errands against a real HTTP server on this machine, in parallel,
 * in sequence and as a race; a profile page that mixes the three; a checkout that fails; and a
 * hedged race over replicas of which one is sometimes slow.
 * Each run is drawn as a timeline, in the terminal and as an SVG file.
 *
 * <p>Run it from the repository's root with {@code mvn -q -B -Pdemo -DskipTests verify}.
 */
public final class Demo {
    /** How long each place in town takes to answer. */
    static final Map<String, Duration> LATENCIES = Map.ofEntries(
            Map.entry("post-office", Duration.ofMillis(300)),
            Map.entry("grocery-store", Duration.ofMillis(500)),
            Map.entry("dry-cleaner", Duration.ofMillis(200)),
            Map.entry("luigis", Duration.ofMillis(450)),
            Map.entry("marios", Duration.ofMillis(250)),
            Map.entry("napoli", Duration.ofMillis(350)),
            Map.entry("users", Duration.ofMillis(100)),
            Map.entry("posts", Duration.ofMillis(250)),
            Map.entry("albums", Duration.ofMillis(300)),
            Map.entry("comments", Duration.ofMillis(120)),
            Map.entry("mirror-eu", Duration.ofMillis(150)),
            Map.entry("mirror-us", Duration.ofMillis(90)),
            Map.entry("mirror-asia", Duration.ofMillis(30)),
            Map.entry("warehouse", Duration.ofMillis(400)),
            Map.entry("fraud-check", Duration.ofMillis(600)),
            Map.entry("payments", Duration.ofMillis(150)),
            Map.entry("mail", Duration.ofMillis(100)),
            Map.entry("replica-1", Duration.ofMillis(20)),
            Map.entry("replica-2", Duration.ofMillis(20)),
            Map.entry("replica-3", Duration.ofMillis(20)));

    /** The places that are sometimes slow: replica-1 takes 800 ms on every 4th request. */
    static final Map<String, Town.Hiccup> HICCUPS = Map.of("replica-1", new Town.Hiccup(4, Duration.ofMillis(800)));

    /** How many pages the hedged race fetches. */
    static final int PAGES = 12;

    /** The places that answer 503. */
    static final Set<String> DOWN = Set.of("mirror-asia", "albums", "payments");

    private final Path pictures;

    private Demo(Path pictures) {
        this.pictures = pictures;
    }

    public static void main(String[] args) throws Exception {
        Path pictures = Path.of("target", "errands-demo").toAbsolutePath();
        Files.createDirectories(pictures);
        try (Town town = Town.open(LATENCIES, DOWN, HICCUPS);
                HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            var client = new TownClient(http, town.address());
            System.out.println("Errands demo: a real HTTP server at " + town.address() + " plays the town.");
            System.out.println();
            warmUp(client);
            new Demo(pictures).run(town, client);
        }
    }

    private void run(Town town, TownClient client) throws InterruptedException, IOException {
        long postOffice = ms(town, "post-office");
        long groceries = ms(town, "grocery-store");
        long dryCleaner = ms(town, "dry-cleaner");
        long sum = postOffice + groceries + dryCleaner;
        long longest = Math.max(postOffice, Math.max(groceries, dryCleaner));

        // 1. Parallel
        heading("1. @Parallel: three friends run one errand each, at the same time (Promise.all)");
        var timeline = new Timeline();
        var errands = new ErrandsOrchestrator(new Errands(client), listening(timeline));
        long start = System.nanoTime();
        var atOnce = errands.run("a-parcel", "milk-and-bread", "42");
        long took = since(start);
        System.out.println("  " + atOnce);
        System.out.printf("  took %d ms: about the longest errand (%d ms), not their sum (%d ms)%n", took, longest, sum);
        show(timeline, "1-parallel");

        // 2. Sequential
        heading("2. @Sequential: you run them yourself, one after another (await, await, await)");
        timeline = new Timeline();
        var oneByOne = new ErrandsInSequenceOrchestrator(new ErrandsInSequence(client), listening(timeline));
        start = System.nanoTime();
        var inTurn = oneByOne.run("a-parcel", "milk-and-bread", "42");
        took = since(start);
        System.out.println("  " + inTurn.dryCleaner());
        System.out.printf("  took %d ms: about the sum of the errands (%d ms)%n", took, sum);
        show(timeline, "2-sequential");

        // 3. Race
        heading("3. @Race: three friends, three pizza places, the first one back decides (Promise.race)");
        long fastest = Math.min(ms(town, "luigis"), Math.min(ms(town, "marios"), ms(town, "napoli")));
        timeline = new Timeline();
        var race = new PizzaRaceOrchestrator(new PizzaRace(client), listening(timeline));
        start = System.nanoTime();
        var dinner = race.run("margherita");
        took = since(start);
        System.out.println("  " + dinner.dinner());
        System.out.printf("  took %d ms: about the fastest pizza place (%d ms); the other two friends were called back%n",
                took, fastest);
        show(timeline, "3-race");

        // 4. All three
        heading("4. A profile page: the user, then posts and albums together, comments for each post, the avatar raced");
        timeline = new Timeline();
        var profiles = new ProfilePageOrchestrator(new ProfilePage(client), listening(timeline));
        start = System.nanoTime();
        var profile = profiles.run(42L);
        took = since(start);
        System.out.println("  " + profile.page());
        System.out.println("  albums: " + profile.albums() + "  (tolerated: the page rendered without them)");
        long critical = ms(town, "users") + ms(town, "posts") + 2 * ms(town, "comments");
        System.out.printf("  took %d ms: its critical path is users + posts + two rounds of comments (%d ms);%n"
                + "  the asia mirror failed and was waited out, the albums service is down%n", took, critical);
        show(timeline, "4-profile");

        // 5. A failure
        heading("5. A checkout whose payment provider is down");
        timeline = new Timeline();
        var checkout = new CheckoutOrchestrator(new Checkout(client), listening(timeline));
        start = System.nanoTime();
        try {
            checkout.run("order-7");
            System.out.println("  (the checkout should have failed)");
        } catch (WorkflowFailedException e) {
            took = since(start);
            System.out.println("  WorkflowFailedException: step() = \"" + e.step() + "\"");
            System.out.println("    cause: " + e.getCause());
            System.out.printf("  failed after %d ms; the stock reservation and the fraud check were interrupted,%n", took);
            System.out.println("  and the confirmation mail was never sent");
        }
        show(timeline, "5-failure");

        // 6. Hedged race
        heading("6. A hedged @Race: ask another replica only when the first is late (\"The Tail at Scale\")");
        Town.Hiccup hiccup = HICCUPS.get("replica-1");
        System.out.printf("  %d pages, one after another; replica-1 answers in %d ms, but takes %d ms on every %dth request%n",
                PAGES, ms(town, "replica-1"), hiccup.latency().toMillis(), hiccup.every());
        int requestsBefore = replicaVisits(town);
        Timeline slowest = null;
        long slowestTook = -1;
        for (int page = 1; page <= PAGES; page++) {
            timeline = new Timeline();
            var replicas = new ReplicasOrchestrator(new Replicas(client), listening(timeline));
            start = System.nanoTime();
            String body = replicas.run("page-" + page).page();
            took = since(start);
            System.out.printf("  page %2d: from %s in %d ms%n", page, body.substring(0, body.indexOf(':')), took);
            if (took > slowestTook) {
                slowestTook = took;
                slowest = timeline;
            }
        }
        int requests = replicaVisits(town) - requestsBefore;
        System.out.printf("  the slowest page took %d ms, not replica-1's %d ms hiccup; %d requests for %d pages"
                + " (asking all three at once: %d)%n", slowestTook, hiccup.latency().toMillis(), requests, PAGES, 3 * PAGES);
        System.out.println("  the slowest page's run:");
        show(slowest, "6-hedged");

        System.out.println("The orchestrators the processor wrote for these classes are in");
        System.out.println("  examples/target/generated-sources/annotations/dev/errands/examples/");
        System.out.println("and the timelines, as SVG pictures, in");
        System.out.println("  " + pictures);
    }

    /** Opens the HTTP client's connections and loads its classes, so the timings below are the runs'. */
    private static void warmUp(TownClient client) throws InterruptedException {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                threads.submit(() -> client.visit("town-hall", "hello"));
            }
        }
    }

    private static RunOptions listening(Timeline timeline) {
        return RunOptions.builder().listener(timeline).build();
    }

    private void show(Timeline timeline, String name) throws IOException {
        System.out.println();
        timeline.render().lines().forEach(line -> System.out.println("    " + line));
        timeline.writeSvg(pictures.resolve(name + ".svg"));
        System.out.println();
    }

    private static void heading(String text) {
        System.out.println(text);
    }

    private static int replicaVisits(Town town) {
        return town.visits("replica-1") + town.visits("replica-2") + town.visits("replica-3");
    }

    private static long ms(Town town, String place) {
        return town.latency(place).toMillis();
    }

    private static long since(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
