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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Steps that return a CompletionStage: their value is what the stage completes with. */
@Timeout(10)
class AsyncStepTest {

  @Test
  void anAsyncStepsValueIsWhatItsStageCompletesWithAndItsDependentRunsOnAStepThread()
      throws Exception {
    var probe = new Probe();
    var stage = new CompletableFuture<String>();
    var returned = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .step("async", after().async(), probe.step("async", in -> {
          returned.countDown();
          return stage;
        }))
        .step("next", after(0), probe.step("next", in -> in.result(0) + "!"))
        .build(values(2));

    var future = wf.runAsync(SERVICE, RunOptions.defaults());
    assertTrue(returned.await(5, SECONDS));
    assertFalse(future.isDone(), "the run did not wait for the stage");
    stage.complete("late"); // on this test's platform thread

    assertEquals(List.of("late", "late!"), future.get(5, SECONDS));
    Thread next = probe.thread("next");
    assertNotSame(Thread.currentThread(), next, "a step ran on the thread that completed a stage");
    assertTrue(next.isVirtual());
    assertEquals("Svc.next", next.getName());
  }

  @Test
  void aThousandPendingAsyncStepsHoldNoThreadEvenOnASingleThreadExecutor() throws Exception {
    int n = 1_000;
    var executor = Executors.newSingleThreadExecutor();
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      CompletableFuture<Integer>[] stages = new CompletableFuture[n];
      var called = new CountDownLatch(n);
      var builder = Workflow.builder(SVC);
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        int index = i;
        all[i] = i;
        stages[i] = new CompletableFuture<>();
        builder.step("s" + i, after().async(), (s, in) -> {
          called.countDown();
          return stages[index];
        });
      }
      builder.step("sum", after(all), (s, in) -> {
        int sum = 0;
        for (int i = 0; i < n; i++) {
          sum += (int) in.result(i);
        }
        return sum;
      });
      var wf = builder.build(in -> in.result(n));

      var future = wf.runAsync(SERVICE, RunOptions.of(executor));
      assertTrue(called.await(5, SECONDS), (n - called.getCount()) + " of " + n + " steps called");
      assertFalse(future.isDone());
      for (int i = 0; i < n; i++) {
        stages[i].complete(i);
      }
      assertEquals(n * (n - 1) / 2, future.get(5, SECONDS));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aStageThatCompletesExceptionallyFailsTheStepWithTheStagesOwnException() throws Exception {
    var boom = new IOException("boom");
    var wf = Workflow.builder(SVC)
        .step("fails", after().async(), (s, in) -> CompletableFuture.failedFuture(boom))
        .build(values(1));
    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("fails", e.step());
    assertSame(boom, e.getCause());
  }

  @Test
  void aDependentStagesCompletionExceptionIsUnwrapped() throws Exception {
    var boom = new IllegalStateException("boom");
    var source = new CompletableFuture<String>();
    var wf = Workflow.builder(SVC)
        .step("fails", after().async(), (s, in) -> source.thenApply(v -> {
          throw boom; // the dependent stage completes with a CompletionException around boom
        }))
        .build(values(1));
    var future = wf.runAsync(SERVICE, RunOptions.defaults());
    source.complete("x");
    var e = assertThrows(ExecutionException.class, () -> future.get(5, SECONDS));
    var failed = assertInstanceOf(WorkflowFailedException.class, e.getCause());
    assertSame(boom, failed.getCause());
    assertFalse(failed.getCause() instanceof CompletionException);
  }

  @Test
  void anAsyncStepThatThrowsOrReturnsNullFails() throws Exception {
    var boom = new IOException("thrown before any stage");
    var throwing = Workflow.builder(SVC)
        .step("throws", after().async(), (s, in) -> {
          throw boom;
        })
        .build(values(1));
    assertSame(boom, assertThrows(WorkflowFailedException.class,
        () -> throwing.run(SERVICE, RunOptions.defaults())).getCause());

    var returnsNull = Workflow.builder(SVC)
        .step("null", after().async(), (s, in) -> null)
        .build(values(1));
    var e = assertThrows(WorkflowFailedException.class, () -> returnsNull.run(SERVICE, RunOptions.defaults()));
    assertEquals("null", e.step());
    assertInstanceOf(NullPointerException.class, e.getCause());
  }

  @Test
  void whenAnotherStepFailsThePendingStageIsCancelled() throws Exception {
    var stage = new CompletableFuture<String>();
    var pending = new CountDownLatch(1);
    var boom = new IllegalStateException("boom");
    var wf = Workflow.builder(SVC)
        .step("async", after().async(), (s, in) -> {
          pending.countDown();
          return stage;
        })
        .step("fails", after(), (s, in) -> {
          pending.await();
          throw boom;
        })
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertSame(boom, e.getCause());
    assertTrue(stage.isCancelled());
    assertEquals(0, boom.getSuppressed().length, "the stage's cancellation was attached");
  }

  @Test
  void cancellingTheRunsFutureCancelsThePendingStage() throws Exception {
    var stage = new CompletableFuture<String>();
    var pending = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .step("async", after().async(), (s, in) -> {
          pending.countDown();
          return stage;
        })
        .build(values(1));

    var future = wf.runAsync(SERVICE, RunOptions.defaults());
    assertTrue(pending.await(5, SECONDS));
    future.cancel(true);
    // The future completes at once; the step (here: its stage) is cancelled soon after, since the
    // step may not have handed its stage to the run yet.
    assertThrows(CancellationException.class, () -> stage.get(5, SECONDS));
    assertTrue(stage.isCancelled());
  }

  @Test
  void interruptingTheCallerCancelsThePendingStage() throws Exception {
    var stage = new CompletableFuture<String>();
    var pending = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .step("async", after().async(), (s, in) -> {
          pending.countDown();
          return stage;
        })
        .build(values(1));

    var thrown = new CompletableFuture<Throwable>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        wf.run(SERVICE, RunOptions.defaults());
        thrown.complete(null);
      } catch (Throwable t) {
        thrown.complete(t);
      }
    });
    assertTrue(pending.await(5, SECONDS));
    caller.interrupt();
    assertInstanceOf(InterruptedException.class, thrown.get(5, SECONDS));
    assertTrue(stage.isCancelled());
  }

  @Test
  void anAsyncStepsTimeoutCancelsItsStageAndFailsWithTimeoutException() throws Exception {
    var stage = new CompletableFuture<String>();
    var wf = Workflow.builder(SVC)
        .step("async", after().async().timeout(100, MILLISECONDS), (s, in) -> stage)
        .build(values(1));
    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("async", e.step());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(stage.isCancelled());
  }

  @Test
  void anAsyncRacerCanWinAndAnAsyncLoserIsCancelled() throws Exception {
    var loser = new CompletableFuture<String>();
    var loserPending = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "pending", after().async(), (s, in) -> {
          loserPending.countDown();
          return loser;
        })
        .racer(0, "ready", after().async(), (s, in) -> {
          loserPending.await();
          return CompletableFuture.supplyAsync(() -> "ready");
        })
        .build(values(1));
    assertEquals(List.of("ready"), wf.run(SERVICE, RunOptions.defaults()));
    assertTrue(loser.isCancelled());
  }
}
