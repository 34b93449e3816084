package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Step, racer and run timeouts: the step is interrupted and fails with a TimeoutException. */
@Timeout(10)
class TimeoutTest {

  @Test
  void aStepThatRunsPastItsTimeoutIsInterruptedAndFailsWithTimeoutException() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .step("slow", after().timeout(100, MILLISECONDS), probe.blocks("slow"))
        .step("next", after(0), probe.step("next", in -> "never"))
        .build(values(2));

    long t0 = System.nanoTime();
    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("slow", e.step());
    var timeout = assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(timeout.getMessage().contains("100 ms"), timeout.getMessage());
    assertEquals(Set.of("slow"), probe.interrupted());
    assertEquals(0, probe.starts("next"));
    assertTrue(ms >= 100, "took " + ms + " ms for a 100 ms timeout"); // never early; never late, or slow blocks for ever
    probe.assertNoneRunning();
  }

  @Test
  void aStepThatEndsInTimeIsNeverInterruptedByItsTimerLater() throws Exception {
    var probe = new Probe();
    // "quick" has a 200 ms timeout (plenty to return at once, even on a loaded machine); "next"
    // may run on the same thread, and must not be hit by quick's timer.
    var wf = Workflow.builder(SVC)
        .step("quick", after().timeout(200, MILLISECONDS), probe.step("quick", in -> "quick"))
        .step("next", after(0), probe.step("next", in -> {
          Thread.sleep(300); // still running when a timer of quick's left behind would fire
          return "next";
        }))
        .build(values(2));
    assertEquals(List.of("quick", "next"), wf.run(SERVICE, RunOptions.defaults()));
    assertEquals(Set.of(), probe.interrupted());
  }

  @Test
  void aRacersTimeoutDecidesAFirstToSettleRace() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "bounded", after().timeout(100, MILLISECONDS), probe.blocks("bounded"))
        .racer(0, "unbounded", after(), probe.blocks("unbounded"))
        .build(values(1));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("bounded", e.step());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(Set.of("bounded", "unbounded"), probe.interrupted());
    probe.assertNoneRunning();
  }

  @Test
  void aRacersTimeoutIsWaitedOutInAFirstToSucceedRace() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "bounded", after().timeout(50, MILLISECONDS), probe.blocks("bounded"))
        .racer(0, "later", after(), probe.step("later", in -> {
          probe.awaitLog("end:bounded"); // succeeds only after bounded timed out
          return "later";
        }))
        .build(values(1));

    assertEquals(List.of("later"), wf.run(SERVICE, RunOptions.defaults()));
    assertEquals(Set.of("bounded"), probe.interrupted());
    assertTrue(probe.indexOf("end:bounded") < probe.indexOf("end:later"));
  }

  @Test
  void aFirstToSucceedRaceWhoseRacersAllTimeOutFailsWithTheFirstTimeout() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        // Each timeout counts from its racer's start: 450 ms apart, whatever the scheduling.
        .racer(0, "second", after().timeout(500, MILLISECONDS), probe.blocks("second"))
        .racer(0, "first", after().timeout(50, MILLISECONDS), probe.blocks("first"))
        .build(values(1));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("race", e.step());
    var first = assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(first.getMessage().contains("'first'"), first.getMessage());
    assertEquals(1, first.getSuppressed().length);
    assertTrue(first.getSuppressed()[0].getMessage().contains("'second'"));
    assertEquals(Set.of("first", "second"), probe.interrupted());
  }

  // -----------------------------------------------------------------------------------------------
  // The run's timeout (@Timeout on the service class)

  @Test
  void theRunsTimeoutInterruptsRunningStepsAndNamesTheFirstRunningInSourceOrder() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .timeout(200, MILLISECONDS)
        .step("done", after(), probe.step("done", in -> "done"))
        .step("slow1", after(), probe.blocks("slow1"))
        .step("slow2", after(), probe.blocks("slow2"))
        .step("next", after(1), probe.step("next", in -> "never"))
        .build(values(4));

    long t0 = System.nanoTime();
    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("slow1", e.step());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(Set.of("slow1", "slow2"), probe.interrupted());
    assertEquals(0, probe.starts("next"));
    assertTrue(ms >= 200, "took " + ms + " ms for a 200 ms timeout"); // never early; never late, or they block for ever
    probe.assertNoneRunning();
  }

  @Test
  void theRunsTimeoutPrefersARunningStepToAnEarlierOneThatHasNotStarted() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .timeout(200, MILLISECONDS)
        .step("waiting", after(1), probe.step("waiting", in -> "never"))
        .step("running", after(), probe.blocks("running"))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("running", e.step());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(0, probe.starts("waiting"));
  }

  @Test
  void theRunsTimeoutNamesARacerByItsOwnName() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .timeout(200, MILLISECONDS)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "r1", after(), probe.step("r1", in -> {
          throw new IllegalStateException("r1 fails");
        }))
        .racer(0, "r2", after(), probe.blocks("r2"))
        .build(values(1));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("r2", e.step());
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void whenNoStepIsRunningTheRunsTimeoutNamesTheFirstThatHasNotStarted() throws Exception {
    var probe = new Probe();
    var executor = Executors.newSingleThreadExecutor();
    try {
      executor.execute(() -> probe.ignoreInterruptsFor("someone else's task", 400)); // busy
      var wf = Workflow.builder(SVC)
          .timeout(100, MILLISECONDS)
          .step("a", after(), probe.step("a", in -> "a"))
          .step("b", after(), probe.step("b", in -> "b"))
          .build(values(2));

      var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.of(executor)));
      assertEquals("a", e.step());
      assertInstanceOf(TimeoutException.class, e.getCause());
      assertEquals(0, probe.totalStarts(), "a step started after the run timed out");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void theRunsTimeoutFailsTheFutureOfRunAsync() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .timeout(100, MILLISECONDS)
        .step("slow", after(), probe.blocks("slow"))
        .build(values(1));

    var future = wf.runAsync(SERVICE, RunOptions.defaults());
    var e = assertThrows(ExecutionException.class, () -> future.get(5, SECONDS));
    var failed = assertInstanceOf(WorkflowFailedException.class, e.getCause());
    assertEquals("slow", failed.step());
    assertInstanceOf(TimeoutException.class, failed.getCause());
    assertArrayEquals(new Throwable[0], failed.getCause().getSuppressed());
    probe.assertNoneRunning();
  }

  @Test
  void aRunThatEndsInTimeIsUntouchedByItsTimeout() throws Exception {
    var wf = Workflow.builder(SVC)
        .timeout(1, SECONDS)
        .step("a", after(), (s, in) -> "a")
        .build(values(1));
    for (int i = 0; i < 100; i++) {
      assertEquals(List.of("a"), wf.run(SERVICE, RunOptions.defaults()));
    }
  }

  /**
   * Timeouts fire on one timer for the whole JVM. A user's callback on a run's future (or on an
   * async step's stage) that blocks must not hold that timer up: another run's 100 ms timeout still
   * fires in time.
   */
  @Test
  void aBlockingCallbackOnOneRunDoesNotDelayTheTimeoutsOfOtherRuns() throws Exception {
    var never = new CompletableFuture<Object>();
    var pending = Workflow.builder(SVC)
        .step("pending", after().async().timeout(100, MILLISECONDS), (s, in) -> never)
        .build(values(1));
    var probe = new Probe();
    var slow = Workflow.builder(SVC)
        .step("slow", after().timeout(100, MILLISECONDS), probe.blocks("slow"))
        .build(values(1));

    var inCallback = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    Thread test = Thread.currentThread();
    try {
      pending.runAsync(SERVICE, RunOptions.defaults()).whenComplete((r, e) -> {
        inCallback.countDown();
        if (Thread.currentThread() != test) {
          probe.ignoreInterruptsUntil("callback", release); // as a careless callback would
        }
      });
      assertTrue(inCallback.await(5, SECONDS));

      // The callback holds its thread until released below: were it the timer's, slow's 100 ms
      // timeout could not fire before then, and this wait would run out.
      var e = assertThrows(ExecutionException.class, () -> slow.runAsync(SERVICE, RunOptions.defaults()).get(5, SECONDS));
      var failed = assertInstanceOf(WorkflowFailedException.class, e.getCause());
      assertInstanceOf(TimeoutException.class, failed.getCause());
    } finally {
      release.countDown();
    }
    assertTrue(never.isCancelled());
  }

  @Test
  void timeoutsAreDescribedAsTheUserWroteThem() {
    assertEquals("2 s", Timers.describe(SECONDS.toNanos(2)));
    assertEquals("300 ms", Timers.describe(MILLISECONDS.toNanos(300)));
    assertEquals("after[1, 2] timeout 300 ms async",
        after(1, 2).timeout(300, MILLISECONDS).async().toString());
    assertSame(after(), after());
  }
}
