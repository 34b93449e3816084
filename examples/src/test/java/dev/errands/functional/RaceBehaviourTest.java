package dev.errands.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.WorkflowFailedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class RaceBehaviourTest {

    @Test
    void theFirstToSettleWinsAndTheLosersAreInterrupted() throws InterruptedException {
        var service = new Racers.Settle();
        var result = new Racers_SettleOrchestrator(service).run(); // or the slow loser blocks for ever

        assertEquals("fast pizza", result.pizza());
        assertEquals("dinner: fast pizza", result.dinner());
        assertEquals(Set.of("slow", "stubborn"), Set.copyOf(service.probe.interrupted));
    }

    @Test
    void stepsAfterARaceStartBeforeTheLosersEndButRunWaitsForThem() throws InterruptedException {
        var service = new Racers.Settle();
        new Racers_SettleOrchestrator(service).run();

        assertFalse(service.stubbornEndedBeforeDependent, "dinner started while the stubborn loser still ran");
        assertEquals(0, service.probe.running.get(), "run returned only after every loser ended");
        assertTrue(service.probe.finished.contains("stubborn"));
    }

    @Test
    void aFailureThatSettlesFirstFailsTheRaceAndNamesTheRacer() {
        var service = new Racers.SettleByFailure();
        var failed = assertThrows(WorkflowFailedException.class, () -> new Racers_SettleByFailureOrchestrator(service).run());

        assertEquals("broken", failed.step());
        assertSame(service.failure, failed.getCause());
        assertEquals(List.of("fine"), service.probe.interrupted);
        assertFalse(service.probe.started.contains("dinner"));
        assertEquals(0, service.probe.running.get());
    }

    @Test
    void theFirstToSucceedWaitsOutFailures() throws InterruptedException {
        var service = new Racers.Succeed(false);
        var result = new Racers_SucceedOrchestrator(service, service.probe.options()).run();
        assertEquals("from the slowest mirror", result.mirror());
    }

    @Test
    void whenEveryRacerFailsTheRaceFailsWithTheFirstFailureAndTheOthersSuppressedInOrder() {
        var service = new Racers.Succeed(true);
        var failed = assertThrows(WorkflowFailedException.class,
                () -> new Racers_SucceedOrchestrator(service, service.probe.options()).run());

        assertEquals("mirror", failed.step());
        assertSame(service.first, failed.getCause());
        assertArrayEquals(new Throwable[] {service.second, service.third}, failed.getCause().getSuppressed());
    }

    @Test
    void onOneThreadARaceIsDecidedInSourceOrder() throws InterruptedException {
        var executor = Executors.newSingleThreadExecutor();
        try {
            var result = new Racers_InOrderOrchestrator(new Racers.InOrder(), executor).run();
            assertEquals("first", result.race());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aRaceOfVoidRacersIsWaitedForAndHasNoComponent() throws InterruptedException {
        var service = new Racers.VoidRace();
        var result = new Racers_VoidRaceOrchestrator(service).run();
        assertEquals("served", result.serve());
        assertEquals(1, Racers_VoidRaceOrchestrator.Result.class.getRecordComponents().length);
        assertEquals(List.of("cacheB"), service.probe.interrupted);
    }
}
