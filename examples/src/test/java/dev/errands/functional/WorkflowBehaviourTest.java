package dev.errands.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.WorkflowFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviour of orchestrators generated in this module's build, through their public API only. */
@org.junit.jupiter.api.Timeout(60)
class WorkflowBehaviourTest {

    /** Each step waits until all three are running: one after another, none would get past that. */
    @Test
    void parallelStepsAllRunAtTheSameTime() throws InterruptedException {
        var service = new Services.ThreeAtOnce();
        Services_ThreeAtOnceOrchestrator.Result result = new Services_ThreeAtOnceOrchestrator(service).run();

        assertEquals(new Services_ThreeAtOnceOrchestrator.Result("A", "B", "C"), result);
        assertEquals(0, service.allThree.getCount());
    }

    @Test
    void aChainPassesEachResultOn() throws InterruptedException {
        var result = new Services_ChainOrchestrator(new Services.Chain()).run(41, 3, "errands");
        assertEquals(42, result.first());
        assertEquals(126L, result.second());
        assertEquals("126 errands", result.third());
    }

    /** b and c each wait until both are running. */
    @Test
    void aDiamondRunsItsMiddleStepsTogether() throws InterruptedException {
        var service = new Services.Diamond(true);
        var result = new Services_DiamondOrchestrator(service).run();

        assertEquals(new Services_DiamondOrchestrator.Result(1, 11, 101, 112), result);
        assertEquals(0, service.bothMiddleSteps.getCount());
        assertEquals("a", service.probe.started.get(0));
        assertEquals("d", service.probe.started.get(3));
    }

    @Test
    void aFailureKeepsItsCauseInterruptsTheOthersAndStartsNothingAfterIt() throws InterruptedException {
        var service = new Services.Failing();
        var orchestrator = new Services_FailingOrchestrator(service);

        var failed = assertThrows(WorkflowFailedException.class, orchestrator::run); // or the slow steps block for ever

        assertEquals("failing", failed.step());
        assertSame(service.failure, failed.getCause());
        assertEquals(0, failed.getCause().getSuppressed().length, "cancellation is not a failure");
        assertEquals(0, failed.getSuppressed().length);
        assertEquals(Set.of("slowOne", "slowTwo"), Set.copyOf(service.probe.interrupted));
        assertFalse(service.probe.started.contains("afterFailing"));
        assertEquals(0, service.probe.running.get(), "every started step has ended");
    }

    @Test
    void interruptingTheCallerCancelsTheRun() throws Exception {
        var service = new Services.Blocking();
        var orchestrator = new Services_BlockingOrchestrator(service);
        var thrown = new AtomicReference<Throwable>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                orchestrator.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        service.probe.awaitStarted("one", "two");
        caller.interrupt();
        caller.join(5_000);

        assertFalse(caller.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertEquals(Set.of("one", "two"), Set.copyOf(service.probe.interrupted));
        assertEquals(0, service.probe.running.get());
        assertFalse(service.probe.started.contains("three"));
    }

    @Test
    void anInterruptedCallerStartsNothing() {
        var service = new Services.ThreeAtOnce();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> new Services_ThreeAtOnceOrchestrator(service).run());
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed, as by any InterruptedException");
        assertEquals(List.of(), service.probe.started);
    }

    /** The steps block until the run is cancelled: runAsync returns, and its future is pending. */
    @Test
    void runAsyncReturnsWhileTheStepsRun() throws Exception {
        var service = new Services.Blocking();
        var future = new Services_BlockingOrchestrator(service).runAsync();
        service.probe.awaitStarted("one", "two");

        assertFalse(future.isDone(), "runAsync waited for the steps");
        future.cancel(true);
        service.probe.awaitNoneRunning();
    }

    @Test
    void runAsyncCompletesWithTheResult() throws Exception {
        var future = new Services_ThreeAtOnceOrchestrator(new Services.ThreeAtOnce()).runAsync();
        assertEquals(new Services_ThreeAtOnceOrchestrator.Result("A", "B", "C"), future.get(5, TimeUnit.SECONDS));
    }

    @Test
    void runAsyncFailsWithTheSameExceptionOnceEveryStepEnded() throws Exception {
        var service = new Services.Failing();
        var future = new Services_FailingOrchestrator(service).runAsync();
        var failed = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));

        var cause = (WorkflowFailedException) failed.getCause();
        assertEquals("failing", cause.step());
        assertSame(service.failure, cause.getCause());
        assertEquals(0, service.probe.running.get());
    }

    @Test
    void cancellingTheFutureCancelsTheRun() throws Exception {
        var service = new Services.Blocking();
        var future = new Services_BlockingOrchestrator(service).runAsync();
        service.probe.awaitStarted("one", "two");

        assertTrue(future.cancel(true));
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);

        service.probe.awaitNoneRunning(); // the steps end soon after
        assertEquals(Set.of("one", "two"), Set.copyOf(service.probe.interrupted));
        assertFalse(service.probe.started.contains("three"));
    }

    @Test
    void aSingleThreadExecutorCompletesADiamond() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            var service = new Services.Diamond(false);
            var result = new Services_DiamondOrchestrator(service, executor).run();
            assertEquals(112, result.d());
            assertEquals(1, Set.copyOf(service.probe.threads.values()).size(), "one thread ran every step");
            assertFalse(executor.isShutdown(), "the orchestrator never shuts down an executor it was given");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void stepsRunOnVirtualThreadsNamedAfterThem() throws InterruptedException {
        var service = new Services.ThreeAtOnce();
        new Services_ThreeAtOnceOrchestrator(service).run();
        Thread thread = service.probe.threads.get("b");
        assertTrue(thread.isVirtual());
        assertEquals("ThreeAtOnce.b", thread.getName());
    }

    @Test
    void aThousandConcurrentRunsOnOneOrchestratorAllGetTheirOwnResults() throws Exception {
        var orchestrator = new Services_ChainOrchestrator(new Services.Chain());
        List<CompletableFuture<Services_ChainOrchestrator.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            runs.add(orchestrator.runAsync(i, 2, "u" + i));
        }
        for (int i = 0; i < 1_000; i++) {
            var result = runs.get(i).get(10, TimeUnit.SECONDS);
            assertEquals((i + 1) * 2L + " u" + i, result.third());
        }
    }
}
