package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One Workflow, many runs at once: each run sees only its own inputs and results. */
@Timeout(30)
class LoadTest {
  private static final int RUNS = 1_000;

  /**
   * a = 2x, b = x + 1, race of two equal racers on b, then a + b + race. a and b sleep 10 ms, as
   * work would, so that many runs are in flight at once; no outcome depends on how long they take.
   */
  private static Workflow<Object, List<Object>> workflow(AtomicInteger afterFailureStarts) {
    return Workflow.builder(SVC, "x")
        .step("a", after(), (s, in) -> {
          Thread.sleep(10);
          return 2 * (int) in.input(0);
        })
        .step("b", after(), (s, in) -> {
          Thread.sleep(10);
          int x = (int) in.input(0);
          if (x % 10 == 7) {
            throw new ArithmeticException(Integer.toString(x));
          }
          return x + 1;
        })
        .race("race", Wins.FIRST_TO_SETTLE, after(1))
        .racer(2, "left", after(), (s, in) -> (int) in.result(1) * 10)
        .racer(2, "right", after(), (s, in) -> (int) in.result(1) * 10)
        .step("sum", after(0, 1, 2), (s, in) -> {
          afterFailureStarts.incrementAndGet();
          return (int) in.result(0) + (int) in.result(1) + (int) in.result(2);
        })
        .build(values(4));
  }

  private static void check(int x, List<Object> result) {
    assertEquals(List.of(2 * x, x + 1, (x + 1) * 10, 2 * x + (x + 1) + (x + 1) * 10), result, "run " + x);
  }

  private static void checkFailed(int x, Throwable thrown) {
    var failed = assertInstanceOf(WorkflowFailedException.class, thrown, "run " + x);
    assertEquals("b", failed.step());
    var cause = assertInstanceOf(ArithmeticException.class, failed.getCause());
    assertEquals(Integer.toString(x), cause.getMessage(), "a run reported another run's failure");
  }

  @Test
  void aThousandConcurrentCallsOfRunOnOneWorkflowEachGetTheirOwnResult() throws Exception {
    var sums = new AtomicInteger();
    var wf = workflow(sums);
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Object>> outcomes = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        int x = i;
        outcomes.add(callers.submit(() -> {
          try {
            return wf.run(SERVICE, RunOptions.defaults(), x);
          } catch (WorkflowFailedException e) {
            return e;
          }
        }));
      }
      for (int x = 0; x < RUNS; x++) {
        Object outcome = outcomes.get(x).get(20, SECONDS);
        if (x % 10 == 7) {
          checkFailed(x, (Throwable) outcome);
        } else {
          @SuppressWarnings("unchecked")
          List<Object> result = (List<Object>) outcome;
          check(x, result);
        }
      }
    }
    assertEquals(RUNS - RUNS / 10, sums.get(), "a step after a failed one started");
  }

  @Test
  void aThousandRunAsyncCallsFromOneThreadEachCompleteWithTheirOwnOutcome() throws Exception {
    var sums = new AtomicInteger();
    var wf = workflow(sums);
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      futures.add(wf.runAsync(SERVICE, RunOptions.defaults(), i));
    }
    for (int x = 0; x < RUNS; x++) {
      var future = futures.get(x);
      try {
        check(x, future.get(20, SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        checkFailed(x, e.getCause());
      }
    }
    assertEquals(RUNS - RUNS / 10, sums.get());
  }

  @Test
  void manyRunsAtOnceOnOneSmallPoolAllComplete() throws Exception {
    var pool = Executors.newFixedThreadPool(2);
    try {
      var sums = new AtomicInteger();
      var wf = workflow(sums);
      List<CompletableFuture<List<Object>>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(wf.runAsync(SERVICE, RunOptions.of(pool), i));
      }
      for (int x = 0; x < futures.size(); x++) {
        int run = x;
        futures.get(x).handle((r, e) -> {
          if (e == null) {
            check(run, r);
          } else {
            checkFailed(run, e); // the future's own exception, not wrapped
          }
          return null;
        }).get(20, SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
