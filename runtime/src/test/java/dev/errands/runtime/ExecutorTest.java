package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steps on a given executor: only on its threads, never blocking one of them while waiting, never
 * shutting it down, and failing cleanly when it rejects a step.
 */
@Timeout(10)
class ExecutorTest {
  private final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();
  private final ThreadFactory recording = r -> {
    Thread t = new Thread(r, "pool-" + poolThreads.size());
    t.setDaemon(true);
    poolThreads.add(t);
    return t;
  };
  private ExecutorService pool;

  @AfterEach
  void shutDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static Workflow<Object, List<Object>> diamond(Probe probe) {
    return Workflow.builder(SVC)
        .step("a", after(), probe.step("a", in -> 1))
        .step("b", after(0), probe.step("b", in -> (int) in.result(0) + 10))
        .step("c", after(0), probe.step("c", in -> (int) in.result(0) + 100))
        .step("d", after(1, 2), probe.step("d", in -> (int) in.result(1) + (int) in.result(2)))
        .build(values(4));
  }

  @Test
  void everyStepRunsOnAThreadOfTheGivenExecutor() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var probe = new Probe();
    var stage = new CompletableFuture<Integer>();
    var pending = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.step("a", in -> 1))
        .step("b", after(0), probe.step("b", in -> 2))
        .step("c", after(0), probe.step("c", in -> 3))
        .step("async", after().async(), probe.step("async", in -> {
          pending.countDown();
          return stage;
        }))
        .step("d", after(1, 2, 3), probe.step("d", in -> 4))
        .build(values(5));

    var future = wf.runAsync(SERVICE, RunOptions.of(pool));
    assertTrue(pending.await(5, SECONDS));
    stage.complete(0); // from this test's thread: d must still run on the pool
    assertEquals(List.of(1, 2, 3, 0, 4), future.get(5, SECONDS));
    for (String step : List.of("a", "b", "c", "async", "d")) {
      Thread t = probe.thread(step);
      assertTrue(poolThreads.contains(t), step + " ran on " + t + ", not on the executor");
    }
  }

  @Test
  void aSingleThreadExecutorCompletesADiamond() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var probe = new Probe();
    var future = diamond(probe).runAsync(SERVICE, RunOptions.of(pool));
    assertEquals(List.of(1, 11, 101, 112), future.get(5, SECONDS));
    assertEquals(1, poolThreads.size());
  }

  @Test
  void stepsThatBecomeReadyTogetherAreSubmittedInSourceOrder() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .step("first", after(), probe.step("first", in -> null))
        .step("second", after(), probe.step("second", in -> null))
        .step("third", after(), probe.step("third", in -> null))
        .step("x", after(0, 1, 2), probe.step("x", in -> null))
        .step("y", after(0, 1, 2), probe.step("y", in -> null))
        .build(values(5));
    wf.runAsync(SERVICE, RunOptions.of(pool)).get(5, SECONDS);
    assertEquals(
        List.of("first", "second", "third", "x", "y"),
        probe.log().stream().filter(e -> e.startsWith("start:")).map(e -> e.substring(6)).toList());
  }

  @Test
  void onASingleThreadExecutorARaceIsDecidedInSubmissionOrder() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var probe = new Probe();
    var settle = Workflow.builder(SVC)
        .step("before", after(), probe.step("before", in -> null))
        .race("race", Wins.FIRST_TO_SETTLE, after(0))
        .racer(1, "first", after(), probe.step("first", in -> "first"))
        .racer(1, "second", after(), probe.step("second", in -> "second"))
        .racer(1, "third", after(), probe.step("third", in -> "third"))
        .build(values(2));
    assertEquals("first", settle.runAsync(SERVICE, RunOptions.of(pool)).get(5, SECONDS).get(1));
    assertEquals(0, probe.starts("second") + probe.starts("third"), "a loser started after the race was decided");

    var probe2 = new Probe();
    var succeed = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "first", after(), probe2.step("first", in -> {
          throw new IllegalStateException("first fails");
        }))
        .racer(0, "second", after(), probe2.step("second", in -> "second"))
        .racer(0, "third", after(), probe2.step("third", in -> "third"))
        .build(values(1));
    assertEquals(List.of("second"), succeed.runAsync(SERVICE, RunOptions.of(pool)).get(5, SECONDS));
    assertEquals(0, probe2.starts("third"));
  }

  @Test
  void onASingleThreadExecutorStepsQueuedBehindAFailureNeverStart() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var probe = new Probe();
    var boom = new IllegalStateException("boom");
    var wf = Workflow.builder(SVC)
        .step("fails", after(), probe.step("fails", in -> {
          throw boom;
        }))
        .step("queued1", after(), probe.step("queued1", in -> null))
        .step("queued2", after(), probe.step("queued2", in -> null))
        .build(values(3));
    var e = assertThrows(ExecutionException.class, () -> wf.runAsync(SERVICE, RunOptions.of(pool)).get(5, SECONDS));
    assertSame(boom, e.getCause().getCause());
    assertEquals(1, probe.totalStarts());
  }

  @Test
  void theExecutorIsNeverShutDownWhateverTheRunsOutcome() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var probe = new Probe();
    diamond(probe).run(SERVICE, RunOptions.of(pool));

    var failing = Workflow.builder(SVC)
        .step("fails", after(), (s, in) -> {
          throw new IllegalStateException("boom");
        })
        .build(values(1));
    assertThrows(WorkflowFailedException.class, () -> failing.run(SERVICE, RunOptions.of(pool)));

    var running = new CountDownLatch(1);
    var blocking = Workflow.builder(SVC)
        .step("blocks", after(), (s, in) -> {
          running.countDown();
          Probe.blockUntilInterrupted();
          return null;
        })
        .build(values(1));
    var future = blocking.runAsync(SERVICE, RunOptions.of(pool));
    running.await();
    future.cancel(true);

    var timingOut = Workflow.builder(SVC)
        .timeout(50, MILLISECONDS)
        .step("slow", after(), (s, in) -> {
          Probe.blockUntilInterrupted();
          return null;
        })
        .build(values(1));
    assertThrows(WorkflowFailedException.class, () -> timingOut.run(SERVICE, RunOptions.of(pool)));

    assertFalse(pool.isShutdown());
    assertEquals("still works", pool.submit(() -> "still works").get(5, SECONDS));
  }

  @Test
  void cancellingARunWhoseStepsWaitInTheExecutorsQueueMeansTheyNeverStart() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var free = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        free.await(5, SECONDS); // someone else's task keeps the only thread busy
      } catch (InterruptedException e) {
        // ends
      }
    });
    var probe = new Probe();
    var future = diamond(probe).runAsync(SERVICE, RunOptions.of(pool));
    assertTrue(future.cancel(true));
    free.countDown();
    pool.submit(() -> null).get(5, SECONDS); // the queue has drained
    assertEquals(0, probe.totalStarts());
  }

  @Test
  void aStepsTimeoutCountsFromItsStartNotFromWhenItWasQueued() throws Exception {
    pool = Executors.newSingleThreadExecutor(recording);
    var probe = new Probe();
    // Someone else's task keeps the only thread for longer than quick's timeout: the time is the
    // behaviour under test, and a timeout that counts from quick's start passes whatever it takes.
    pool.execute(() -> probe.ignoreInterruptsFor("someone else's task", 400));
    var wf = Workflow.builder(SVC)
        .step("quick", after().timeout(200, MILLISECONDS), probe.step("quick", in -> "quick"))
        .build(values(1));
    assertEquals(List.of("quick"), wf.run(SERVICE, RunOptions.of(pool)));
  }

  // -----------------------------------------------------------------------------------------------
  // Executors that reject

  @Test
  void aShutDownExecutorFailsTheRunWithTheRejectionNamingTheFirstStep() throws Exception {
    pool = Executors.newFixedThreadPool(1, recording);
    pool.shutdown();
    var probe = new Probe();
    var e = assertThrows(WorkflowFailedException.class, () -> diamond(probe).run(SERVICE, RunOptions.of(pool)));
    assertEquals("a", e.step());
    assertInstanceOf(RejectedExecutionException.class, e.getCause());
    assertEquals(0, probe.totalStarts());

    var future = diamond(probe).runAsync(SERVICE, RunOptions.of(pool)); // never throws
    var async = assertThrows(ExecutionException.class, () -> future.get(5, SECONDS));
    assertInstanceOf(RejectedExecutionException.class, async.getCause().getCause());
  }

  @Test
  void aRejectionFailsTheRunWithThatVeryExceptionAndInterruptsWhatRuns() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var probe = new Probe();
    var rejection = new RejectedExecutionException("full");
    var blocksRunning = new CountDownLatch(1);
    var calls = new AtomicInteger();
    Executor acceptsOne = task -> {
      if (calls.getAndIncrement() > 0) {
        throw rejection;
      }
      pool.execute(task);
      try {
        blocksRunning.await(); // the first step is surely running when the second is rejected
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };
    var wf = Workflow.builder(SVC)
        .step("blocks", after(), probe.step("blocks", in -> {
          blocksRunning.countDown();
          Probe.blockUntilInterrupted();
          return null;
        }))
        .step("rejected", after(), probe.step("rejected", in -> null))
        .step("later", after(0), probe.step("later", in -> null))
        .build(values(3));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.of(acceptsOne)));
    assertEquals("rejected", e.step());
    assertSame(rejection, e.getCause());
    assertEquals(Set.of("blocks"), probe.interrupted());
    assertEquals(0, probe.starts("rejected") + probe.starts("later"));
    probe.assertNoneRunning();
  }

  @Test
  void aRejectionOfAStepLaunchedByAnotherStepFailsTheRun() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var probe = new Probe();
    var rejection = new RejectedExecutionException("full");
    var calls = new AtomicInteger();
    Executor acceptsOne = task -> {
      if (calls.getAndIncrement() > 0) {
        throw rejection;
      }
      pool.execute(task);
    };
    var e = assertThrows(WorkflowFailedException.class, () -> diamond(probe).run(SERVICE, RunOptions.of(acceptsOne)));
    // a's completion readies b and c: c goes to the executor and is rejected, b would have run on
    // a's thread but the run has failed by then.
    assertEquals("c", e.step());
    assertSame(rejection, e.getCause());
    assertEquals(List.of("start:a", "end:a"), probe.log());
  }

  @Test
  void aStepOfARaceThatIsRejectedCountsAsThatRacersFailure() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var probe = new Probe();
    var rejection = new RejectedExecutionException("no");
    var rejected = new CountDownLatch(1);
    var calls = new AtomicInteger();
    Executor rejectsTheSecond = task -> {
      if (calls.incrementAndGet() == 2) {
        rejected.countDown();
        throw rejection;
      }
      pool.execute(task);
    };
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "r1", after(), probe.step("r1", in -> {
          rejected.await(); // r2 is rejected while r1 runs
          return "r1";
        }))
        .racer(0, "r2", after(), probe.step("r2", in -> "r2"))
        .build(values(1));
    assertEquals(List.of("r1"), wf.run(SERVICE, RunOptions.of(rejectsTheSecond)));
  }

  @Test
  void noTaskGivenToAnExecutorIsLeftRunningAfterManyRuns() throws Exception {
    pool = Executors.newFixedThreadPool(2, recording);
    var counting = new Probe.Tasks(pool);
    var probe = new Probe();
    var wf = Workflow.builder(SVC, "fail")
        .step("a", after(), probe.step("a", in -> 1))
        .step("b", after(0), probe.step("b", in -> {
          if ((boolean) in.input(0)) {
            throw new IllegalStateException("fails");
          }
          return 2;
        }))
        .step("c", after(0), probe.step("c", in -> 3))
        .race("race", Wins.FIRST_TO_SETTLE, after(1, 2))
        .racer(3, "r1", after(), probe.step("r1", in -> "r1"))
        .racer(3, "r2", after(), probe.blocks("r2"))
        .build(values(4));
    for (int i = 0; i < 200; i++) {
      boolean fail = i % 3 == 0;
      if (fail) {
        assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.of(counting), true));
      } else {
        assertEquals(4, wf.run(SERVICE, RunOptions.of(counting), false).size());
      }
    }
    probe.assertNoneRunning();
    // The engine's last lines on a step's thread may still run just after run returned.
    counting.awaitAllFinished();
  }

  @Test
  void anExecutorThatRunsATaskAndThenThrowsDoesNotCountItTwice() throws InterruptedException {
    Executor runsThenThrows = task -> {
      task.run();
      throw new RejectedExecutionException("ran it anyway");
    };
    Object result = Workflow.<Object>builder("com.acme.Odd")
        .step("a", after(), (s, in) -> 1)
        .step("b", after(), (s, in) -> 2)
        .step("sum", after(0, 1), (s, in) -> (int) in.result(0) + (int) in.result(1))
        .build(in -> in.result(2))
        .run(new Object(), RunOptions.of(runsThenThrows));
    assertEquals(3, result);
  }
}
