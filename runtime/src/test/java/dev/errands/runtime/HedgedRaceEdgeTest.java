package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedged races at their edges (first written as a reviewer's probes, issue 20): a racer's turn
 * racing the race's decision, what listeners see of racers that never start, and hedged races with
 * retries, failures, tolerance, odd executors, cancellation, timeouts, asynchronous racers,
 * observers and onCancel.
 */
@Timeout(60)
class HedgedRaceEdgeTest {
  static final String SVC = "dev.errands.edge.Svc";
  static final Object SERVICE = new Object();

  /**
   * Each next racer starts hedgeAfter after the one before, as long as the race is undecided; a
   * racer not started when the race is decided never starts. The mirror's turn comes about when the
   * primary returns: whichever wins, the mirror never starts after the decision, never runs after
   * run returned, and neverStarted is exact (it names the mirror exactly when it never started,
   * also when its turn came but no thread took it up before the decision).
   */
  @Test
  void theTurnRacingTheDecisionNeverStartsARacerAfterIt() throws Exception {
    var mirrorRunning = new AtomicInteger();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(500, TimeUnit.MICROSECONDS))
        .racer(0, "primary", (s, in) -> {
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 1_000_000));
          return "primary";
        })
        .racer(0, "mirror", (s, in) -> {
          mirrorRunning.incrementAndGet();
          try {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 1_000_000));
            return "mirror";
          } finally {
            mirrorRunning.decrementAndGet();
          }
        })
        .build(in -> in.result(0));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      var watch = new Watch();
      Object won = wf.run(SERVICE, RunOptions.builder().listener(watch).build());
      if (mirrorRunning.get() != 0) problems.add("run " + i + ": mirror running after run returned");
      watch.awaitEnded();
      var events = List.copyOf(watch.events);
      int decided = -1;
      int mirrorStart = -1;
      for (int k = 0; k < events.size(); k++) {
        if (events.get(k) instanceof RunEvent.RaceDecided) decided = k;
        if (events.get(k) instanceof RunEvent.StepStarted st && st.step().equals("mirror")) mirrorStart = k;
      }
      var d = (RunEvent.RaceDecided) events.get(decided);
      if (mirrorStart > decided) problems.add("run " + i + ": mirror started after the decision " + events);
      if (!d.winner().equals(won)) problems.add("run " + i + ": winner " + d.winner() + " but result " + won);
      boolean started = mirrorStart >= 0;
      if (d.neverStarted().equals(List.of("mirror")) == started) {
        problems.add("run " + i + ": neverStarted " + d.neverStarted() + " but mirror started=" + started);
      }
    }
    assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.subList(0, Math.min(3, problems.size())));
  }

  /**
   * The Timeline shows racers that never started as such, also when the run ends before their race
   * is decided: a run that times out while the mirror waits for its turn names it in RunEnded, and
   * the Timeline draws it as never started, without a bar.
   */
  @Test
  void theTimelineOfARunThatTimedOutDuringTheWait() throws Exception {
    var timeline = new Timeline();
    var wf = Workflow.builder(SVC)
        .timeout(200, TimeUnit.MILLISECONDS)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          new CountDownLatch(1).await();
          return "primary";
        })
        .racer(0, "mirror", (s, in) -> "mirror")
        .racer(0, "backup", (s, in) -> "backup")
        .build(in -> in.result(0));
    assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.builder().listener(timeline).build()));
    var ended = (RunEvent.RunEnded) timeline.events().get(timeline.events().size() - 1);
    assertEquals(Map.of("fetch", List.of("mirror", "backup")), ended.neverStarted());
    assertTrue(timeline.events().stream().noneMatch(e -> e instanceof RunEvent.RaceDecided), "the race was not decided");
    String text = timeline.render();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("mirror") && l.endsWith("never started (run ended)")), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("backup") && l.endsWith("never started (run ended)")), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("primary") && l.contains("cancelled")), text);
  }

  /**
   * Cancelling the run while the first racer is still queued on a busy executor: no racer ever
   * started, and RunEnded names them all; a race whose after failed never started, and is not named.
   */
  @Test
  void aCancelledRunNamesEveryRacerOfItsStartedUndecidedRaceThatNeverStarted() throws Exception {
    var executor = Executors.newSingleThreadExecutor();
    try {
      var hogRunning = new CountDownLatch(1);
      var handedOver = new CountDownLatch(2); // the hog, then the primary
      Executor tasks = command -> {
        handedOver.countDown();
        executor.execute(command);
      };
      var watch = new Watch();
      var wf = Workflow.builder(SVC)
          .step("hog", after(), (s, in) -> {
            hogRunning.countDown();
            new CountDownLatch(1).await();
            return "hog";
          })
          .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
          .racer(1, "primary", (s, in) -> "primary")
          .racer(1, "mirror", (s, in) -> "mirror")
          .race("later", Wins.FIRST_TO_SUCCEED, after(0).hedge(60, TimeUnit.SECONDS))
          .racer(2, "one", (s, in) -> "one")
          .racer(2, "two", (s, in) -> "two")
          .build(in -> in.result(1));
      var run = wf.runAsync(SERVICE, RunOptions.builder().executor(tasks).listener(watch).build());
      assertTrue(hogRunning.await(10, TimeUnit.SECONDS));
      assertTrue(handedOver.await(10, TimeUnit.SECONDS), "the primary is queued behind the hog");
      run.cancel(true);
      watch.awaitEnded();
      var ended = (RunEvent.RunEnded) List.copyOf(watch.events).get(watch.events.size() - 1);
      assertEquals(RunEvent.Outcome.CANCELLED, ended.outcome());
      assertEquals(Map.of("fetch", List.of("primary", "mirror")), ended.neverStarted());
      assertEquals(0, watch.started("primary").size() + watch.started("mirror").size());
    } finally {
      executor.shutdownNow();
    }
  }

  // Hedged races with retries, failures, tolerance, odd executors, cancellation, timeouts,
  // asynchronous racers, observers and onCancel.

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
    long mirrorAfterPrimary = watch.started("mirror").get(0).nanos() - watch.started("primary").get(0).nanos();
    long backupAfterMirror = watch.started("backup").get(0).nanos() - watch.started("mirror").get(0).nanos();
    assertTrue(mirrorAfterPrimary < TimeUnit.MILLISECONDS.toNanos(hedgeMs),
        "mirror started " + mirrorAfterPrimary / 1_000_000 + " ms after the primary: not at once when it failed");
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


  /**
   * CONTRACT: under FIRST_TO_SUCCEED, when every racer started so far has failed, the next starts at
   * once; @Retry: an attempt past its @Timeout fails with a TimeoutException. A primary that times out
   * (its racer @Timeout) must start the mirror at once, not a minute later; the mirror's thread is
   * named after it and its StepStarted too.
   */
  @Test
  void aRacerTimingOutStartsTheNextAtOnce() throws Exception {
    var watch = new Watch();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", after().timeout(50, TimeUnit.MILLISECONDS), (s, in) -> {
          new CountDownLatch(1).await();
          return "primary";
        })
        .racer(0, "mirror", after().timeout(50, TimeUnit.SECONDS), (s, in) -> Thread.currentThread().getName())
        .build(in -> in.result(0));
    long t0 = System.nanoTime();
    Object name = wf.run(SERVICE, RunOptions.builder().listener(watch).build());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the mirror waited for its turn");
    assertTrue(String.valueOf(name).endsWith(".mirror"), "mirror ran on " + name);
    watch.awaitEnded();
    assertTrue(watch.started("mirror").get(0).thread().endsWith(".mirror"), watch.started("mirror").toString());
    assertEquals(RunEvent.Outcome.FAILED, watch.endedOf("primary").get(0).outcome());
  }

  /**
   * CONTRACT: an asynchronous racer counts as running until its stage completes; the next racer is
   * due hedgeAfter after it started; once the mirror wins, the primary's stage is cancelled and the
   * backup never starts.
   */
  @Test
  void anAsynchronousPrimaryIsHedgedAndItsStageCancelled() throws Exception {
    var watch = new Watch();
    var stage = new CompletableFuture<Object>();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(30, TimeUnit.MILLISECONDS))
        .racer(0, "primary", after().async(), (s, in) -> stage)
        .racer(0, "mirror", (s, in) -> "mirror")
        .racer(0, "backup", (s, in) -> "backup")
        .build(in -> in.result(0));
    assertEquals("mirror", wf.run(SERVICE, RunOptions.builder().listener(watch).build()));
    assertTrue(stage.isCancelled(), "the loser's stage was cancelled");
    watch.awaitEnded();
    assertEquals(List.of("backup"), watch.decided().get(0).neverStarted());
    assertEquals(0, watch.started("backup").size());
  }

  /**
   * CONTRACT StepObserver: each racer's execution is observed; a racer that never started has no
   * observation at all (no startStep, no end). FIRST_TO_SUCCEED: primary fails, mirror (whose wait
   * is dropped) starts at once and wins; the backup never starts.
   */
  @Test
  void anObserverSeesOnlyRacersThatStarted() throws Exception {
    var seen = new ConcurrentLinkedQueue<String>();
    StepObserver observer = workflow -> new StepObserver.RunObservation() {
      @Override
      public StepObserver.StepObservation startStep(String step, String race, int attempt, int element) {
        seen.add("start:" + step + "#" + attempt);
        return (outcome, failure, won) -> seen.add("end:" + step + ":" + outcome + (won ? ":won" : ""));
      }

      @Override
      public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
        seen.add("run:" + outcome);
      }
    };
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          throw new java.io.IOException("down");
        })
        .racer(0, "mirror", (s, in) -> "mirror")
        .racer(0, "backup", (s, in) -> "backup")
        .build(in -> in.result(0));
    assertEquals("mirror", wf.run(SERVICE, RunOptions.builder().observe(observer).build()));
    var list = List.copyOf(seen);
    assertTrue(list.stream().noneMatch(s -> s.contains("backup")), list.toString());
    assertEquals(1, list.stream().filter(s -> s.startsWith("start:mirror")).count(), list.toString());
    assertEquals(1, list.stream().filter(s -> s.startsWith("end:mirror")).count(), list.toString());
    assertTrue(list.contains("end:mirror:SUCCEEDED:won"), list.toString());
    assertTrue(list.contains("start:mirror#1"), list.toString());
  }

  /**
   * CONTRACT StepContext.onCancel: callbacks run when the step is cancelled (race lost), each before
   * run completes. A hedged primary that loses to the mirror runs its callback before run returns.
   */
  @Test
  void aHedgedLosersOnCancelRunsBeforeRunReturns() throws Exception {
    for (int i = 0; i < 50; i++) {
      var called = new CountDownLatch(1);
      var registered = new CountDownLatch(1);
      var w = Workflow.builder(SVC)
          .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(1, TimeUnit.MILLISECONDS))
          .racer(0, "primary", (s, in) -> {
            in.context().onCancel(called::countDown);
            registered.countDown();
            new CountDownLatch(1).await();
            return "primary";
          })
          .racer(0, "mirror", (s, in) -> {
            registered.await(); // wins only once the primary's callback is registered
            return "mirror";
          })
          .build(in -> in.result(0));
      assertEquals("mirror", w.run(SERVICE, RunOptions.defaults()));
      assertEquals(0, called.getCount(), "onCancel had not run when run returned, run " + i);
    }
  }

  /**
   * CONTRACT Cancellation + Hedged races: if the thread in run is interrupted, every running step is
   * interrupted, run waits for them, then throws InterruptedException; the wait before a racer ends
   * (it never starts) and its timer is not left queued.
   */
  @Test
  void interruptingTheCallerDuringTheWaitEndsIt() throws Exception {
    int before = Watch.pendingTimers();
    var primaryRunning = new CountDownLatch(1);
    var mirrorStarts = new java.util.concurrent.atomic.AtomicInteger();
    var primaryEnded = new java.util.concurrent.atomic.AtomicBoolean();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          try {
            primaryRunning.countDown();
            new CountDownLatch(1).await();
            return "primary";
          } finally {
            primaryEnded.set(true);
          }
        })
        .racer(0, "mirror", (s, in) -> mirrorStarts.incrementAndGet())
        .build(in -> in.result(0));
    var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    var caller = Thread.ofVirtual().start(() -> {
      try {
        wf.run(SERVICE, RunOptions.defaults());
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    assertTrue(primaryRunning.await(10, TimeUnit.SECONDS));
    caller.interrupt();
    caller.join(java.time.Duration.ofSeconds(10));
    assertTrue(!caller.isAlive(), "run did not return");
    assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    assertTrue(primaryEnded.get(), "run returned before the primary ended");
    assertEquals(0, mirrorStarts.get());
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "the mirror's timer was left queued");
  }
}
