package dev.errands.runtime.review;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepBody;
import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Timeline;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reviewer's probes of hedged races (issue 20), CONTRACT "Hedged races". Each fails when it finds a
 * defect; the comment on each says what the contract promises.
 */
@Timeout(60)
class HedgeReviewTest {
  static final String SVC = "dev.errands.review.Svc";
  static final Object SERVICE = new Object();
  static final long LONG = 60_000;

  static Object blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
    throw new AssertionError("unreachable");
  }

  static Workflow<Object, Object> race3(Wins wins, StepOptions raceOptions, StepBody<Object> a, StepBody<Object> b,
      StepBody<Object> c) {
    return Workflow.builder(SVC)
        .race("fetch", wins, raceOptions)
        .racer(0, "primary", a)
        .racer(0, "mirror", b)
        .racer(0, "backup", c)
        .build(in -> in.result(0));
  }

  /**
   * CONTRACT StepContext: attempt() is 1 for the first. A hedged racer's wait is internally "a paused
   * first attempt": once its turn comes it must still run, and report, attempt 1.
   */
  @Test
  void aHedgedRacerStartsAsAttemptOne() throws Exception {
    var watch = new Watch();
    var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(20, TimeUnit.MILLISECONDS),
        (s, in) -> blockUntilInterrupted(),
        (s, in) -> in.context().attempt(),
        (s, in) -> blockUntilInterrupted());
    assertEquals(1, wf.run(SERVICE, RunOptions.builder().listener(watch).build()));
    watch.awaitEnded();
    assertEquals(1, watch.started("mirror").size());
    assertEquals(1, watch.started("mirror").get(0).attempt());
    assertEquals(-1, watch.started("mirror").get(0).element());
  }

  /**
   * CONTRACT @Retry "on a step or a racer": attempts counts all attempts. The hedge's wait must not
   * use one of the racer's attempts up, and the retry is not delayed by the hedge.
   */
  @Test
  void aHedgedRacerWithRetryGetsAllItsAttempts() throws Exception {
    var watch = new Watch();
    var tries = new AtomicInteger();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(20, TimeUnit.MILLISECONDS))
        .racer(0, "primary", (s, in) -> blockUntilInterrupted())
        .racer(0, "mirror", after().retry(3, 0, TimeUnit.MILLISECONDS, 1.0, IOException.class), (s, in) -> {
          int n = tries.incrementAndGet();
          if (n < 3) throw new IOException("mirror try " + n);
          return "mirror@" + in.context().attempt();
        })
        .build(in -> in.result(0));
    assertEquals("mirror@3", wf.run(SERVICE, RunOptions.builder().listener(watch).build()));
    watch.awaitEnded();
    assertEquals(List.of(1, 2, 3), watch.started("mirror").stream().map(RunEvent.StepStarted::attempt).toList());
  }

  /**
   * CONTRACT: under FIRST_TO_SUCCEED, when every racer started so far has failed, the next starts at
   * once, and the delay to the one after it counts from then. The paused wait dropped for it must
   * leave no event of its own (no StepEnded CANCELLED for a racer that then starts), and the race's
   * neverStarted is exact.
   */
  @Test
  void firstToSucceedFailureStartsNextAtOnceAndTheDelayAfterCountsFromThen() throws Exception {
    long hedgeMs = 1500;
    var watch = new Watch();
    var started = new ConcurrentHashMap<String, Long>();
    var failedAt = new long[1];
    var wf = race3(Wins.FIRST_TO_SUCCEED, after().hedge(hedgeMs, TimeUnit.MILLISECONDS),
        (s, in) -> {
          started.put("primary", System.nanoTime());
          failedAt[0] = System.nanoTime();
          throw new IOException("primary down");
        },
        (s, in) -> {
          started.put("mirror", System.nanoTime());
          return blockUntilInterrupted();
        },
        (s, in) -> {
          started.put("backup", System.nanoTime());
          return "backup";
        });
    var timeline = new Timeline();
    var options = RunOptions.builder().listener(e -> {
      watch.onEvent(e);
      timeline.onEvent(e);
    }).build();
    assertEquals("backup", wf.run(SERVICE, options));
    watch.awaitEnded();
    long mirrorAfterFailure = started.get("mirror") - failedAt[0];
    long backupAfterMirror = started.get("backup") - started.get("mirror");
    assertTrue(mirrorAfterFailure < TimeUnit.MILLISECONDS.toNanos(hedgeMs / 2),
        "mirror started " + mirrorAfterFailure / 1_000_000 + " ms after the primary failed: not at once");
    assertTrue(backupAfterMirror >= TimeUnit.MILLISECONDS.toNanos(hedgeMs),
        "backup started " + backupAfterMirror / 1_000_000 + " ms after the mirror: before its turn");
    assertEquals(1, watch.started("mirror").size());
    assertEquals(1, watch.endedOf("mirror").size(), "one StepEnded for the mirror, none for its dropped wait: "
        + watch.endedOf("mirror"));
    assertEquals(RunEvent.Outcome.CANCELLED, watch.endedOf("mirror").get(0).outcome());
    var d = watch.decided();
    assertEquals(1, d.size());
    assertEquals("backup", d.get(0).winner());
    assertEquals(List.of(), d.get(0).neverStarted());
    String text = timeline.render();
    assertTrue(text.lines().noneMatch(l -> l.contains("never started")), text);
  }

  /**
   * CONTRACT: FIRST_TO_SETTLE: the first racer to settle decides, even before the next one was due;
   * racers not started never start, RaceDecided.neverStarted names them in source order, the Timeline
   * shows them as never started, and the wait holds nothing (no timer left queued).
   */
  @Test
  void aFailingFirstRacerDecidesAndTheOthersNeverStart() throws Exception {
    int before = Watch.pendingTimers();
    var watch = new Watch();
    var timeline = new Timeline();
    var boom = new IOException("primary down");
    var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(LONG, TimeUnit.MILLISECONDS),
        (s, in) -> {
          throw boom;
        },
        (s, in) -> "mirror", (s, in) -> "backup");
    var options = RunOptions.builder().listener(e -> {
      watch.onEvent(e);
      timeline.onEvent(e);
    }).build();
    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, options));
    assertEquals("primary", e.step());
    assertEquals(boom, e.getCause());
    watch.awaitEnded();
    assertEquals(List.of("mirror", "backup"), watch.decided().get(0).neverStarted());
    assertEquals(0, watch.started("mirror").size() + watch.started("backup").size());
    assertEquals(0, watch.endedOf("mirror").size() + watch.endedOf("backup").size());
    String text = timeline.render();
    assertTrue(text.lines().filter(l -> l.endsWith("never started (race decided)")).count() == 2, text);
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "a hedge timer was left queued");
  }

  /**
   * CONTRACT Outcome + hedged races: a tolerated hedged race that fails does not fail the run; the
   * racers not yet started never start; no timer is left behind.
   */
  @Test
  void aToleratedHedgedRaceThatFailsLeavesNothingBehind() throws Exception {
    int before = Watch.pendingTimers();
    var watch = new Watch();
    var starts = new AtomicInteger();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(LONG, TimeUnit.MILLISECONDS).tolerated())
        .racer(0, "primary", (s, in) -> {
          throw new IOException("down");
        })
        .racer(0, "mirror", (s, in) -> starts.incrementAndGet())
        .step("use", after(0), (s, in) -> in.outcome(0) instanceof Outcome.Failure<?> ? "fallback" : "value")
        .build(in -> in.result(1));
    assertEquals("fallback", wf.run(SERVICE, RunOptions.builder().listener(watch).build()));
    watch.awaitEnded();
    assertEquals(0, starts.get());
    assertEquals(List.of("mirror"), watch.decided().get(0).neverStarted());
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "a hedge timer was left queued");
  }

  /** CONTRACT: hedgeAfter is any non-negative long with its unit: a huge one is just "never". */
  @Test
  void aHugeHedgeDelayMeansTheNextRacerNeverComesInTime() throws Exception {
    int before = Watch.pendingTimers();
    var release = new CountDownLatch(1);
    var mirrorStarts = new AtomicInteger();
    var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(Long.MAX_VALUE, TimeUnit.DAYS),
        (s, in) -> {
          release.await(100, TimeUnit.MILLISECONDS); // late, but nobody is due
          return "primary";
        },
        (s, in) -> mirrorStarts.incrementAndGet(), (s, in) -> mirrorStarts.incrementAndGet());
    assertEquals("primary", wf.run(SERVICE, RunOptions.defaults()));
    assertEquals(0, mirrorStarts.get());
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "a hedge timer was left queued");
  }

  /**
   * CONTRACT: Structure — when run returns no step of that run is still running; no thread or task
   * left behind. A 1 ns hedge (every racer due almost at once) in many runs, default threads and a
   * pool of three.
   */
  @Test
  void aOneNanosecondHedgeInManyRunsLeavesNothingRunning() throws Exception {
    int before = Watch.pendingTimers();
    ExecutorService pool = Executors.newFixedThreadPool(3); // one thread per racer: two block until interrupted
    try {
      var running = new AtomicInteger();
      StepBody<Object> slow = (s, in) -> {
        running.incrementAndGet();
        try {
          return blockUntilInterrupted();
        } finally {
          running.decrementAndGet();
        }
      };
      StepBody<Object> quick = (s, in) -> {
        running.incrementAndGet();
        try {
          return "backup";
        } finally {
          running.decrementAndGet();
        }
      };
      var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(1, TimeUnit.NANOSECONDS), slow, slow, quick);
      for (int i = 0; i < 300; i++) {
        var options = i % 2 == 0 ? RunOptions.defaults() : RunOptions.of(pool);
        assertEquals("backup", wf.run(SERVICE, options));
        assertEquals(0, running.get(), "a racer still running after run returned, run " + i);
      }
      assertTrue(Watch.awaitPendingAtMost(before) <= before, "a hedge timer was left queued");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * CONTRACT: any workflow completes on any executor, never blocking its thread while waiting; a
   * hedged race on a direct executor (Runnable::run) and on a one-thread pool with CallerRunsPolicy.
   */
  @Test
  void hedgedRaceOnADirectAndACallerRunsExecutor() throws Exception {
    var callerRuns = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
        new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      for (var ex : List.<java.util.concurrent.Executor>of(Runnable::run, callerRuns)) {
        var mirrorStarted = new CountDownLatch(1);
        var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(30, TimeUnit.MILLISECONDS),
            (s, in) -> {
              mirrorStarted.await(10, TimeUnit.SECONDS); // late: returns only once the mirror started
              return "primary";
            },
            (s, in) -> {
              mirrorStarted.countDown();
              return "mirror";
            },
            (s, in) -> "backup");
        Object got = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> wf.run(SERVICE, RunOptions.of(ex)));
        assertTrue(got.equals("mirror") || got.equals("primary"), String.valueOf(got));
      }
    } finally {
      callerRuns.shutdownNow();
    }
  }

  /**
   * Rejection of a racer whose turn came (on the timer's thread): the run must end (fail) rather
   * than hang, and the running racer is interrupted.
   */
  @Test
  void aRejectedHedgedRacerEndsTheRun() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      var submitted = new AtomicInteger();
      java.util.concurrent.Executor rejectSecond = r -> {
        if (submitted.incrementAndGet() >= 2) throw new RejectedExecutionException("full");
        pool.execute(r);
      };
      var interrupted = new CountDownLatch(1);
      var wf = race3(Wins.FIRST_TO_SETTLE, after().hedge(20, TimeUnit.MILLISECONDS),
          (s, in) -> {
            try {
              return blockUntilInterrupted();
            } catch (InterruptedException e) {
              interrupted.countDown();
              throw e;
            }
          },
          (s, in) -> "mirror", (s, in) -> "backup");
      var e = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.of(rejectSecond))));
      assertInstanceOf(RejectedExecutionException.class, e.getCause());
      assertEquals(0, interrupted.getCount(), "the primary was interrupted before run threw");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * CONTRACT Cancellation/Structure under load: many concurrent runs with hedged races, some
   * cancelled (runAsync().cancel(true)) at random moments, some with a run @Timeout: every run ends,
   * no racer runs after its run ended, nothing is left in the timer queue.
   */
  @Test
  void cancellationStormWithHedgedRaces() throws Exception {
    int before = Watch.pendingTimers();
    var running = new AtomicInteger();
    var lateSteps = new AtomicInteger();
    Map<Long, Boolean> endedRuns = new ConcurrentHashMap<>();
    StepBody<Object> slow = (s, in) -> {
      running.incrementAndGet();
      try {
        if (ThreadLocalRandom.current().nextInt(4) == 0) return "quick";
        return blockUntilInterrupted();
      } finally {
        running.decrementAndGet();
      }
    };
    var wf = Workflow.builder(SVC)
        .timeout(300, TimeUnit.MILLISECONDS)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(1, TimeUnit.MILLISECONDS))
        .racer(0, "primary", slow)
        .racer(0, "mirror", slow)
        .racer(0, "backup", slow)
        .step("after", after(0), slow)
        .build(in -> in.result(1));
    assertTimeoutPreemptively(Duration.ofSeconds(50), () -> {
      for (int round = 0; round < 10; round++) {
        var ends = new CountDownLatch(100);
        List<CompletableFuture<Object>> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          var options = RunOptions.builder().listener(ev -> {
            if (ev instanceof RunEvent.StepStarted st && endedRuns.containsKey(st.runId())) lateSteps.incrementAndGet();
            if (ev instanceof RunEvent.RunEnded re) {
              endedRuns.put(re.runId(), true);
              ends.countDown();
            }
          }).build();
          runs.add(wf.runAsync(SERVICE, options));
        }
        for (var r : runs) {
          if (ThreadLocalRandom.current().nextBoolean()) r.cancel(true);
          Thread.onSpinWait();
        }
        assertTrue(ends.await(30, TimeUnit.SECONDS), "runs never ended: " + ends.getCount());
        for (var r : runs) {
          try {
            r.join();
          } catch (RuntimeException expected) {
            // cancelled or timed out
          }
        }
        assertEquals(0, running.get(), "steps still running after every run ended");
      }
    });
    assertEquals(0, lateSteps.get(), "steps started after their run ended");
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "timers left queued: " + Watch.pendingTimers());
  }
}
