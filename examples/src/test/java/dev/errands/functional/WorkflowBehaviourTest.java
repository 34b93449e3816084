package dev.errands.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.WorkflowFailedException;
import java.time.Duration;
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
class WorkflowBehaviourTest {

    @Test
    void parallelStepsTakeAboutTheLongestNotTheSum() throws InterruptedException {
        var service = new Services.ThreeAtOnce();
        var orchestrator = new Services_ThreeAtOnceOrchestrator(service);
        orchestrator.run(); // warm up class loading so the timing below measures the run

        long start = System.nanoTime();
        Services_ThreeAtOnceOrchestrator.Result result = orchestrator.run();
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(new Services_ThreeAtOnceOrchestrator.Result("A", "B", "C"), result);
        assertTrue(millis >= 195, "cannot be faster than the slowest step: " + millis);
        assertTrue(millis < 400, "about 200 ms, not 450: " + millis);
    }

    @Test
    void aChainPassesEachResultOn() throws InterruptedException {
        var result = new Services_ChainOrchestrator(new Services.Chain()).run(41, 3, "errands");
        assertEquals(42, result.first());
        assertEquals(126L, result.second());
        assertEquals("126 errands", result.third());
    }

    @Test
    void aDiamondRunsItsMiddleStepsTogether() throws InterruptedException {
        var service = new Services.Diamond(150);
        long start = System.nanoTime();
        var result = new Services_DiamondOrchestrator(service).run();
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(new Services_DiamondOrchestrator.Result(1, 11, 101, 112), result);
        assertEquals(0, service.bothMiddleStepsRunning.getCount());
        assertTrue(millis < 290, "b and c overlap: about 150 ms, not 300: " + millis);
        assertEquals("a", service.probe.started.get(0));
        assertEquals("d", service.probe.started.get(3));
    }

    @Test
    void aFailureKeepsItsCauseInterruptsTheOthersAndStartsNothingAfterIt() throws InterruptedException {
        var service = new Services.Failing();
        var orchestrator = new Services_FailingOrchestrator(service);

        long start = System.nanoTime();
        var failed = assertThrows(WorkflowFailedException.class, orchestrator::run);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals("failing", failed.step());
        assertSame(service.failure, failed.getCause());
        assertEquals(0, failed.getCause().getSuppressed().length, "cancellation is not a failure");
        assertEquals(0, failed.getSuppressed().length);
        assertEquals(Set.of("slowOne", "slowTwo"), Set.copyOf(service.probe.interrupted));
        assertFalse(service.probe.started.contains("afterFailing"));
        assertEquals(0, service.probe.running.get(), "every started step has ended");
        assertTrue(millis < 5_000, "the slow steps were interrupted, not waited for: " + millis);
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
        assertTrue(service.started.await(5, TimeUnit.SECONDS));
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

    @Test
    void runAsyncReturnsAtOnceAndCompletesWithTheResult() throws Exception {
        var service = new Services.ThreeAtOnce();
        long start = System.nanoTime();
        CompletableFuture<Services_ThreeAtOnceOrchestrator.Result> future =
                new Services_ThreeAtOnceOrchestrator(service).runAsync();
        long returnedAfter = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(returnedAfter < 90, "runAsync does not wait for the steps: " + returnedAfter);
        assertEquals("C", future.get(5, TimeUnit.SECONDS).c());
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
        assertTrue(service.started.await(5, TimeUnit.SECONDS));

        assertTrue(future.cancel(true));
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.probe.running.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, service.probe.running.get(), "the steps end soon after");
        assertEquals(Set.of("one", "two"), Set.copyOf(service.probe.interrupted));
        assertFalse(service.probe.started.contains("three"));
    }

    @Test
    void aSingleThreadExecutorCompletesADiamond() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            var service = new Services.Diamond(10);
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
