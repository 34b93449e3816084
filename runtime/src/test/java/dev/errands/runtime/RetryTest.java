package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code @Retry}: attempts, back-off that holds no thread, what is and is not retried. */
@Timeout(20)
class RetryTest {

  @Test
  void aFlakyStepIsRetriedUntilItSucceedsAndSeesItsAttempt() throws InterruptedException {
    var attempts = new CopyOnWriteArrayList<Integer>();
    Object result = Workflow.<Object>builder("com.acme.Flaky")
        .step("fetch", after().retry(3, 0, MILLISECONDS, 1.0, IOException.class), (s, in) -> {
          attempts.add(in.context().attempt());
          if (attempts.size() < 3) {
            throw new IOException("flaky " + attempts.size());
          }
          return "fetched";
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults());
    assertEquals("fetched", result);
    assertEquals(List.of(1, 2, 3), attempts);
  }

  @Test
  void theLastFailureIsTheCauseWithTheEarlierOnesSuppressedInOrder() {
    var failures = new CopyOnWriteArrayList<IOException>();
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Flaky")
        .step("fetch", after().retry(3, 1, MILLISECONDS, 1.0, IOException.class), (s, in) -> {
          var e = new IOException("attempt " + in.context().attempt());
          failures.add(e);
          throw e;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertEquals(3, failures.size());
    assertSame(failures.get(2), failed.getCause());
    assertArrayEquals(new Throwable[] {failures.get(0), failures.get(1)}, failed.getCause().getSuppressed());
  }

  @Test
  void aFailureThatOnDoesNotAdmitIsNotRetried() {
    var count = new AtomicInteger();
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Flaky")
        .step("fetch", after().retry(5, 0, MILLISECONDS, 1.0, IOException.class), (s, in) -> {
          count.incrementAndGet();
          throw new IllegalStateException("a bug, not a flake");
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertEquals(1, count.get());
    assertInstanceOf(IllegalStateException.class, failed.getCause());
  }

  @Test
  void theBackOffGrowsByTheMultiplier() throws InterruptedException {
    var times = new CopyOnWriteArrayList<Long>();
    Workflow.<Object>builder("com.acme.Flaky")
        .step("fetch", after().retry(4, 40, MILLISECONDS, 2.0), (s, in) -> {
          times.add(System.nanoTime());
          if (times.size() < 4) {
            throw new IOException("flaky");
          }
          return null;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults());
    long first = (times.get(1) - times.get(0)) / 1_000_000;
    long second = (times.get(2) - times.get(1)) / 1_000_000;
    long third = (times.get(3) - times.get(2)) / 1_000_000;
    // A pause is never shorter than asked; the upper bounds only catch a unit or a multiplier gone
    // wrong by far, and leave a loaded machine seconds to spare.
    assertTrue(first >= 40 && first < 2_000, "about 40 ms: " + first);
    assertTrue(second >= 80 && second < 2_000, "about 80 ms: " + second);
    assertTrue(third >= 160 && third < 3_000, "about 160 ms: " + third);
  }

  /**
   * The only thread of the executor is free during the pause: another task runs on it at once,
   * long before the pause ends. A pause that held the thread would keep that task waiting.
   */
  @Test
  void thePauseHoldsNoThreadOfTheExecutor() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    var tasks = new Probe.Tasks(pool);
    try {
      var inPause = new CountDownLatch(1);
      var attempts = new AtomicInteger();
      var future = Workflow.<Object>builder("com.acme.Flaky")
          .step("fetch", after().retry(2, 60_000, MILLISECONDS, 1.0), (s, in) -> {
            attempts.incrementAndGet();
            inPause.countDown();
            throw new IOException("flaky");
          })
          .build(in -> in.result(0))
          .runAsync(new Object(), RunOptions.of(tasks));
      inPause.await();
      tasks.awaitAllFinished(); // the first attempt's task has ended: the step pauses
      assertEquals("free", pool.submit(() -> "free").get(5, SECONDS), "the pause holds the executor's thread");
      assertEquals(1, tasks.submitted(), "nothing else was handed to the executor for the pause");
      assertEquals(1, attempts.get());
      future.cancel(true);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAttemptPastItsTimeoutIsRetried() throws InterruptedException {
    var attempts = new AtomicInteger();
    Object result = Workflow.<Object>builder("com.acme.Slow")
        .step("fetch", after().timeout(250, MILLISECONDS).retry(2, 0, MILLISECONDS, 1.0), (s, in) -> {
          if (attempts.incrementAndGet() == 1) {
            Probe.blockUntilInterrupted(); // by the timeout
          }
          return "in time";
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults());
    assertEquals("in time", result);
    assertEquals(2, attempts.get());
  }

  @Test
  void whenEveryAttemptTimesOutTheCauseIsATimeout() {
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Slow")
        .step("fetch", after().timeout(50, MILLISECONDS).retry(2, 0, MILLISECONDS, 1.0), (s, in) -> {
          Probe.blockUntilInterrupted();
          return null;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    var timeout = assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals(1, timeout.getSuppressed().length, "the first attempt's timeout");
    assertInstanceOf(TimeoutException.class, timeout.getSuppressed()[0]);
  }

  /** The run ends (its listener sees RunEnded) without waiting out the minute of the pause. */
  @Test
  void cancellingTheRunDuringAPauseEndsItAtOnce() throws Exception {
    var probe = new Probe();
    var attempts = new AtomicInteger();
    var future = Workflow.<Object>builder("com.acme.Flaky")
        .step("fetch", after().retry(2, 60_000, MILLISECONDS, 1.0), (s, in) -> {
          attempts.incrementAndGet();
          throw new IOException("flaky");
        })
        .build(in -> null)
        .runAsync(new Object(), probe.options());
    probe.awaitEvent("StepEnded fetch FAILED"); // the first attempt failed: the step pauses
    future.cancel(true);
    assertTrue(future.isCancelled());
    probe.awaitEvent("RunEnded CANCELLED");
    assertEquals(1, attempts.get(), "no second attempt after the run was cancelled");
    assertEquals(1, probe.events().stream().filter(e -> e.startsWith("StepStarted")).count(), probe.events().toString());
  }

  @Test
  void theRunTimeoutBoundsTheRetriesAndNamesTheStepInItsPause() {
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Flaky")
        .timeout(200, MILLISECONDS)
        .step("quick", after(), (s, in) -> "done")
        .step("fetch", after().retry(10, 100, MILLISECONDS, 1.0), (s, in) -> {
          throw new IOException("flaky");
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertEquals("fetch", failed.step(), "a step between two attempts counts as running");
    assertInstanceOf(TimeoutException.class, failed.getCause());
  }

  @Test
  void aRacerIsRetriedToo() throws InterruptedException {
    var attempts = new AtomicInteger();
    Object result = Workflow.<Object>builder("com.acme.Race")
        .race("mirror", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "flaky", after().retry(3, 0, MILLISECONDS, 1.0), (s, in) -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IOException("flaky");
          }
          return "flaky won";
        })
        .racer(0, "slow", (s, in) -> {
          Probe.blockUntilInterrupted();
          return "slow won";
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults());
    assertEquals("flaky won", result, "a failed attempt that is retried does not decide the race");
  }
}
