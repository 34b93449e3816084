package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** runAsync never blocks, and its future completes only once every step of its run has ended. */
@Timeout(10)
class RunAsyncTest {

  @Test
  void runAsyncReturnsWhileStepsStillRunAndCompletesWithTheResult() throws Exception {
    var probe = new Probe();
    var release = new CountDownLatch(1);
    var wf = Workflow.builder(SVC, "x")
        .step("a", after(), probe.step("a", in -> release.await(5, TimeUnit.SECONDS) ? in.input(0) : "timed out"))
        .step("b", after(0), probe.step("b", in -> in.result(0) + "!"))
        .build(values(2));

    CompletableFuture<List<Object>> future = wf.runAsync(SERVICE, RunOptions.defaults(), "x");
    assertFalse(future.isDone(), "runAsync waited for the run"); // a waits for the release below

    release.countDown();
    assertEquals(List.of("x", "x!"), future.get(5, TimeUnit.SECONDS));
    probe.assertNoneRunning();
  }

  /** The stubborn step ignores its interrupt until this test releases it: the future waits for it. */
  @Test
  void aFailedRunCompletesTheFutureWithTheSameFailureOnlyOnceEveryStepHasEnded() throws Exception {
    var probe = new Probe();
    var stubbornRunning = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var boom = new IOException("boom");
    var wf = Workflow.builder(SVC)
        .step("stubborn", after(), probe.step("stubborn", in -> {
          stubbornRunning.countDown();
          probe.ignoreInterruptsUntil("stubborn", release);
          return null;
        }))
        .step("fails", after(), probe.step("fails", in -> {
          stubbornRunning.await();
          throw boom;
        }))
        .build(values(2));

    var runningAtCompletion = new CompletableFuture<Set<String>>();
    CompletableFuture<List<Object>> future = wf.runAsync(SERVICE, RunOptions.defaults());
    future.whenComplete((r, e) -> runningAtCompletion.complete(probe.running()));
    probe.awaitInterrupted("stubborn"); // the run has failed
    Probe.assertStillPending(future);
    release.countDown();

    var e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    var failed = assertInstanceOf(WorkflowFailedException.class, e.getCause());
    assertEquals("fails", failed.step());
    assertSame(boom, failed.getCause());
    assertEquals(Set.of(), runningAtCompletion.get(), "completed before the stubborn step ended");
    assertEquals(Set.of("stubborn"), probe.interrupted());
  }

  @Test
  void cancellingTheFutureInterruptsTheRunningStepsWhichEndSoonAfter() throws Exception {
    var probe = new Probe();
    var running = new CountDownLatch(2);
    var ended = new CountDownLatch(2);
    Probe.Work blocks = in -> {
      try {
        running.countDown();
        Probe.blockUntilInterrupted();
        return null;
      } finally {
        ended.countDown();
      }
    };
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.step("a", blocks))
        .step("b", after(), probe.step("b", blocks))
        .step("c", after(0, 1), probe.step("c", in -> null))
        .build(values(3));

    CompletableFuture<List<Object>> future = wf.runAsync(SERVICE, RunOptions.defaults());
    running.await();
    assertTrue(future.cancel(true));
    assertTrue(future.isCancelled(), "the future completes at once");
    assertThrows(CancellationException.class, future::join);

    assertTrue(ended.await(5, TimeUnit.SECONDS), "the steps were not interrupted");
    assertEquals(Set.of("a", "b"), probe.interrupted());
    assertEquals(0, probe.starts("c"));
    probe.assertThreadsEnd();
  }

  @Test
  void cancellingAFinishedRunChangesNothing() throws Exception {
    var wf = Workflow.builder(SVC).step("a", after(), (s, in) -> "a").build(values(1));
    CompletableFuture<List<Object>> future = wf.runAsync(SERVICE, RunOptions.defaults());
    assertEquals(List.of("a"), future.get(5, TimeUnit.SECONDS));
    assertFalse(future.cancel(true));
    assertEquals(List.of("a"), future.join());
  }

  /**
   * Generated result factories only cast, but a hand-built one may throw: run throws what it threw,
   * and runAsync's future completes with it rather than staying pending for ever.
   */
  @Test
  void aResultFactoryThatThrowsFailsTheFutureInsteadOfLeavingItPending() throws Exception {
    var broken = new IllegalStateException("cannot build the result");
    var wf = Workflow.builder(SVC)
        .step("a", after(), (s, in) -> "a")
        .build(in -> {
          throw broken;
        });
    assertSame(broken, assertThrows(IllegalStateException.class, () -> wf.run(SERVICE, RunOptions.defaults())));
    var e = assertThrows(ExecutionException.class,
        () -> wf.runAsync(SERVICE, RunOptions.defaults()).get(5, TimeUnit.SECONDS));
    assertSame(broken, e.getCause());

    var empty = Workflow.builder(SVC).build(in -> {
      throw broken;
    });
    var future = empty.runAsync(SERVICE, RunOptions.defaults()); // does not throw either
    assertSame(broken, assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause());
  }
}
