package dev.errands.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.FailedElement;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.WorkflowFailedException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tolerated failures, retries, fan-out and step contexts, through orchestrators generated in this
 * module's build.
 */
@org.junit.jupiter.api.Timeout(60)
class BeyondBehaviourTest {

    @Test
    void aToleratedFailureReachesTheDependentAndTheResultAsAnOutcome() throws InterruptedException {
        var service = new Beyond.Tolerant();
        var result = new Beyond_TolerantOrchestrator(service, service.probe.options()).run(false, true, true);

        assertEquals("ada without albums, avatar none", result.page());
        var albums = assertInstanceOf(Outcome.Failure.class, result.albums());
        assertSame(service.albumsFailure, albums.cause());
        assertSame(service.albumsFailure, ((Outcome.Failure<?>) service.albumsSeen.get()).cause());

        // Every racer of the tolerated race failed: the race's failure, not the run's.
        var avatar = assertInstanceOf(Outcome.Failure.class, result.avatar());
        assertSame(service.gravatarFailure, avatar.cause());
        assertArrayEquals(new Throwable[] {service.initialsFailure}, avatar.cause().getSuppressed());
        assertSame(avatar, service.avatarSeen.get());
    }

    @Test
    void aToleratedStepThatSucceedsIsASuccess() throws InterruptedException {
        var service = new Beyond.Tolerant();
        var result = new Beyond_TolerantOrchestrator(service, service.probe.options()).run(false, false, false);

        assertEquals("ada with [holidays], avatar gravatar.png", result.page());
        assertEquals(Outcome.success(List.of("holidays")), result.albums());
        assertEquals(Outcome.success("gravatar.png"), result.avatar());
        assertEquals("ada", result.user(), "a step that is not tolerated keeps its plain value");
    }

    @Test
    void aFailureThatIsNotToleratedStillFailsTheRun() {
        var service = new Beyond.Tolerant();
        var orchestrator = new Beyond_TolerantOrchestrator(service, service.probe.options());

        var failed = assertThrows(WorkflowFailedException.class, () -> orchestrator.run(true, true, true));

        assertEquals("user", failed.step());
        assertSame(service.userFailure, failed.getCause());
    }

    @Test
    void aRetriedStepThatFailsTwiceSucceedsOnItsThirdAttempt() throws InterruptedException {
        var service = new Beyond.Flaky();
        var result = new Beyond_FlakyOrchestrator(service).run(2);

        assertEquals("fetched on attempt 3", result.fetch());
        assertEquals(3, service.calls.get());
        assertEquals(List.of(1, 2, 3), service.attemptsSeen);
    }

    @Test
    void aRetriedStepThatAlwaysFailsFailsWithItsLastAttemptAndTheEarlierOnesSuppressed() {
        var service = new Beyond.Flaky();
        var failed = assertThrows(WorkflowFailedException.class, () -> new Beyond_FlakyOrchestrator(service).run(5));

        assertEquals("fetch", failed.step());
        assertEquals("flaky 3", failed.getCause().getMessage());
        assertEquals(List.of("flaky 1", "flaky 2"),
                Arrays.stream(failed.getCause().getSuppressed()).map(Throwable::getMessage).toList());
        assertEquals(List.of(1, 2, 3), service.attemptsSeen);
    }

    @Test
    void eachKeepsTheOrderOfTheElements() throws InterruptedException {
        var orchestrator = new Beyond_SquaresOrchestrator(new Beyond.Squares());
        for (int size : new int[] {0, 1, 1_000}) {
            List<Integer> numbers = IntStream.range(0, size).boxed().toList();
            var result = orchestrator.run(numbers);

            List<Integer> squares = numbers.stream().map(n -> n * n).toList();
            assertEquals(squares, result.square(), "size " + size);
            assertEquals(squares.stream().map(s -> "#" + s).toList(), result.label(), "size " + size);
            assertEquals(squares.stream().mapToLong(Integer::longValue).sum(), result.sum(), "size " + size);
        }
    }

    @Test
    void theListOfAnEachStepIsUnmodifiable() throws InterruptedException {
        var result = new Beyond_SquaresOrchestrator(new Beyond.Squares()).run(List.of(1, 2));
        assertThrows(UnsupportedOperationException.class, () -> result.square().add(9));
    }

    @Test
    void eachWithALimitNeverRunsMoreElementsAtOnce() throws InterruptedException {
        var service = new Beyond.Limited();
        List<String> urls = IntStream.range(0, 24).mapToObj(i -> "url" + i).toList();

        var result = new Beyond_LimitedOrchestrator(service).run(urls);

        assertEquals(urls.stream().map(String::toUpperCase).toList(), result.fetch());
        assertEquals(4, service.mostAtOnce.get(), "at most 4 at a time, and 4 did run at once");
    }

    @Test
    void anElementsFailureFailsTheRunAndSaysWhichElementItWas() {
        var service = new Beyond.FailingElement();
        var orchestrator = new Beyond_FailingElementOrchestrator(service);

        var failed = assertThrows(WorkflowFailedException.class, () -> orchestrator.run(List.of(10, 20, 30, 40, 50)));

        assertEquals("check", failed.step());
        assertSame(service.failure, failed.getCause());
        List<FailedElement> elements = Arrays.stream(failed.getCause().getSuppressed())
                .filter(FailedElement.class::isInstance)
                .map(FailedElement.class::cast)
                .toList();
        assertEquals(1, elements.size(), Arrays.toString(failed.getCause().getSuppressed()));
        assertEquals(3, elements.get(0).index());
        assertEquals("check", elements.get(0).step());
    }

    @Test
    void aStepContextKnowsItsStepAndWorkflow() throws InterruptedException {
        var result = new Beyond_ContextsOrchestrator(new Beyond.Contexts()).run();

        assertEquals("dev.errands.functional.Beyond.Contexts first 1", result.first());
        assertEquals("dev.errands.functional.Beyond.Contexts second", result.second());
        assertTrue(Set.of("left", "right").contains(result.quick()), "a racer's context names the racer: " + result.quick());
    }
}
