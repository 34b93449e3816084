package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedged races through real runs: racers start one after another, each the hedge delay after the
 * one before it, as long as the race is undecided. Synchronised on latches; the only clock readings
 * are lower bounds the engine must respect (a racer never starts before its turn) and generous
 * upper bounds far from any scheduling noise.
 */
@Timeout(20)
class HedgedRaceTest {
  private static final long LONG_HEDGE_MS = 60_000; // a turn that never comes within a test

  private static Workflow<Object, List<Object>> race(Probe probe, Wins wins, long hedgeMs, StepBody<Object> first,
      StepBody<Object> second, StepBody<Object> third) {
    return Workflow.builder(SVC)
        .race("fetch", wins, after().hedge(hedgeMs, TimeUnit.MILLISECONDS))
        .racer(0, "primary", after(), first)
        .racer(0, "mirror", after(), second)
        .racer(0, "backup", after(), third)
        .build(values(1));
  }

  @Test
  void aFirstRacerBackWithinTheHedgeDelayIsTheOnlyOneThatEverStarts() throws Exception {
    var probe = new Probe();
    var release = new CountDownLatch(1);
    var tasks = new Probe.Tasks(Executors.newVirtualThreadPerTaskExecutor());
    var wf = race(probe, Wins.FIRST_TO_SETTLE, LONG_HEDGE_MS,
        probe.step("primary", in -> {
          release.await();
          return "primary";
        }),
        probe.step("mirror", in -> "mirror"),
        probe.step("backup", in -> "backup"));
    var run = wf.runAsync(SERVICE, RunOptions.builder().executor(tasks).listener(probe).build());
    probe.awaitLog("start:primary");
    release.countDown(); // the primary is back long before the mirror's turn
    assertEquals(List.of("primary"), run.get(10, TimeUnit.SECONDS));

    assertEquals(0, probe.starts("mirror") + probe.starts("backup"));
    assertEquals(1, tasks.submitted(), "one task for the primary; none for racers never needed");
    assertTrue(probe.events().stream().noneMatch(e -> e.contains("mirror") || e.contains("backup")), probe.events().toString());
  }

  @Test
  void theNextRacerStartsTheHedgeDelayAfterTheOneBeforeItNeverEarlier() throws Exception {
    var probe = new Probe();
    var started = new ConcurrentHashMap<String, Long>();
    long hedgeMs = 150;
    var wf = race(probe, Wins.FIRST_TO_SETTLE, hedgeMs,
        probe.step("primary", in -> {
          started.put("primary", System.nanoTime());
          Probe.blockUntilInterrupted(); // late: the mirror is asked
          return "primary";
        }),
        probe.step("mirror", in -> {
          started.put("mirror", System.nanoTime());
          Probe.blockUntilInterrupted(); // late too: the backup is asked
          return "mirror";
        }),
        probe.step("backup", in -> {
          started.put("backup", System.nanoTime());
          return "backup";
        }));
    var timeline = new Timeline();

    long before = System.nanoTime(); // no later than the primary started, which the mirror's turn counts from
    assertEquals(List.of("backup"), wf.run(SERVICE, probe.options(timeline)));
    long hedge = TimeUnit.MILLISECONDS.toNanos(hedgeMs);
    long mirror = started.get("mirror") - before;
    long backup = started.get("backup") - before;
    assertTrue(mirror >= hedge, "the mirror started " + mirror + " ns after the run, before its turn");
    assertTrue(backup >= 2 * hedge, "the backup started " + backup + " ns after the run, before its turn");
    assertTrue(backup < TimeUnit.SECONDS.toNanos(5), "the backup started " + backup + " ns after the run");
    assertEquals(Set.of("primary", "mirror"), probe.interrupted(), "the late racers lost");
    probe.assertNoneRunning();
    String text = timeline.render();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("backup") && l.contains("won race fetch, started at ")), text);
  }

  @Test
  void theNextRacersTurnCountsFromWhenTheOneBeforeBeganOnAThreadNotFromWhenItWasQueued() throws Exception {
    // One thread, held by another step: the primary waits in the executor's queue. No turn is
    // counted meanwhile; the mirror's wait is scheduled once a thread has taken the primary up.
    var probe = new Probe();
    var executor = Executors.newSingleThreadExecutor();
    try {
      var hogRunning = new CountDownLatch(1);
      var releaseHog = new CountDownLatch(1);
      var primaryQueued = new CountDownLatch(2); // the hog, then the primary
      var tasks = new Probe.Tasks(command -> {
        primaryQueued.countDown();
        executor.execute(command);
      });
      var waits = new CopyOnWriteArrayList<Long>(); // the hedge waits asked for, in nanoseconds
      var waitedOn = new CopyOnWriteArrayList<Thread>(); // the thread that asked for each wait
      var wf = Workflow.builder(SVC)
          .step("hog", after(), probe.step("hog", in -> {
            hogRunning.countDown();
            releaseHog.await();
            return "hog";
          }))
          .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(LONG_HEDGE_MS, TimeUnit.MILLISECONDS))
          .racer(1, "primary", after(), probe.step("primary", in -> "primary"))
          .racer(1, "mirror", after(), probe.step("mirror", in -> "mirror"))
          .build(values(2));
      var options = RunOptions.builder().executor(tasks).listener(probe).timers((action, nanos) -> {
        waits.add(nanos);
        waitedOn.add(Thread.currentThread());
        return Timers.JVM.schedule(action, nanos);
      }).build();
      var run = wf.runAsync(SERVICE, options);
      assertTrue(hogRunning.await(10, TimeUnit.SECONDS));
      assertTrue(primaryQueued.await(10, TimeUnit.SECONDS), "the primary was handed to the executor");
      assertEquals(List.of(), waits, "queued behind the hog, the primary has not started: the mirror's turn is not counted yet");
      releaseHog.countDown();
      assertEquals(List.of("hog", "primary"), run.get(10, TimeUnit.SECONDS));
      assertEquals(List.of(TimeUnit.MILLISECONDS.toNanos(LONG_HEDGE_MS)), waits, "the mirror's wait, once");
      assertEquals(List.of(probe.thread("primary")), waitedOn, "asked for as the executor's thread took the primary up");
      assertEquals(0, probe.starts("mirror"));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aRaceDecidedBeforeARacersTurnNamesItAsNeverStartedAndTheTimelineShowsIt() throws Exception {
    var probe = new Probe();
    var primaryRunning = new CountDownLatch(1);
    var timeline = new Timeline();
    var wf = race(probe, Wins.FIRST_TO_SETTLE, 100,
        probe.step("primary", in -> {
          primaryRunning.countDown();
          Probe.blockUntilInterrupted();
          return "primary";
        }),
        probe.step("mirror", in -> {
          primaryRunning.await();
          return "mirror";
        }),
        probe.step("backup", in -> "backup"));

    assertEquals(List.of("mirror"), wf.run(SERVICE, probe.options(timeline)));
    var decided = timeline.events().stream().filter(e -> e instanceof RunEvent.RaceDecided)
        .map(e -> (RunEvent.RaceDecided) e).toList();
    assertEquals(1, decided.size());
    assertEquals("mirror", decided.get(0).winner());
    assertEquals(List.of("backup"), decided.get(0).neverStarted());
    String text = timeline.render();
    assertTrue(text.lines().anyMatch(l -> l.startsWith("backup") && l.endsWith("never started (race decided)")), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("primary") && l.contains("lost race fetch, cancelled")), text);
    assertEquals(0, probe.starts("backup"));
  }

  @Test
  void firstToSucceedStartsTheNextAtOnceWhenEveryRacerStartedHasFailed() throws Exception {
    var probe = new Probe();
    var one = new IOException("primary down");
    var two = new IOException("mirror down");
    var three = new IOException("backup down");
    var wf = race(probe, Wins.FIRST_TO_SUCCEED, LONG_HEDGE_MS,
        probe.step("primary", in -> {
          throw one;
        }),
        probe.step("mirror", in -> {
          throw two;
        }),
        probe.step("backup", in -> {
          throw three;
        }));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()),
        "each failure starts the next at once: the run does not wait a minute per racer");
    assertEquals("fetch", e.step());
    assertSame(one, e.getCause(), "the first failure in time");
    assertEquals(List.of(two, three), List.of(one.getSuppressed()), "the later ones suppressed, in order");
    assertEquals(List.of("start:primary", "end:primary", "start:mirror", "end:mirror", "start:backup", "end:backup"),
        probe.log(), "one after another, in source order");
  }

  @Test
  void theRunsTimeoutEndsTheWaitAndTheWaitingRacerNeverStarts() {
    var probe = new Probe();
    var timers = new CopyOnWriteArrayList<Future<?>>();
    var wf = Workflow.builder(SVC)
        .timeout(200, TimeUnit.MILLISECONDS)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(LONG_HEDGE_MS, TimeUnit.MILLISECONDS))
        .racer(0, "primary", after(), probe.blocks("primary"))
        .racer(0, "mirror", after(), probe.step("mirror", in -> "mirror"))
        .build(values(1));
    var options = RunOptions.builder().listener(probe).timers((action, nanos) -> {
      Future<?> timer = Timers.JVM.schedule(action, nanos);
      timers.add(timer);
      return timer;
    }).build();

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, options));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals("primary", e.step(), "the racer still running");
    assertEquals(0, probe.starts("mirror"));
    assertEquals(Set.of("primary"), probe.interrupted());
    assertTrue(timers.stream().allMatch(Future::isDone), "the mirror's turn was cancelled, not left waiting a minute");
    assertTrue(probe.events().stream().noneMatch(l -> l.contains("mirror")), probe.events().toString());
  }

  @Test
  void cancellingTheRunDuringTheWaitEndsItAndTheWaitingRacerNeverStarts() throws Exception {
    var probe = new Probe();
    var wf = race(probe, Wins.FIRST_TO_SUCCEED, LONG_HEDGE_MS, probe.blocks("primary"),
        probe.step("mirror", in -> "mirror"), probe.step("backup", in -> "backup"));
    var ended = new CountDownLatch(1);
    var run = wf.runAsync(SERVICE, probe.options(event -> {
      if (event instanceof RunEvent.RunEnded) {
        ended.countDown();
      }
    }));
    probe.awaitLog("start:primary");
    run.cancel(true);
    assertTrue(ended.await(10, TimeUnit.SECONDS), "the run ends without waiting for the mirror's turn");
    assertThrows(CancellationException.class, run::join);
    assertEquals(Set.of("primary"), probe.interrupted());
    assertEquals(0, probe.starts("mirror") + probe.starts("backup"));
  }

  @Test
  void aFailureElsewhereDuringTheWaitEndsItAndTheWaitingRacerNeverStarts() {
    var probe = new Probe();
    var boom = new IOException("other");
    var primaryRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(LONG_HEDGE_MS, TimeUnit.MILLISECONDS))
        .racer(0, "primary", after(), probe.step("primary", in -> {
          primaryRunning.countDown();
          Probe.blockUntilInterrupted();
          return "primary";
        }))
        .racer(0, "mirror", after(), probe.step("mirror", in -> "mirror"))
        .step("other", after(), probe.step("other", in -> {
          primaryRunning.await();
          throw boom;
        }))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, probe.options()));
    assertEquals("other", e.step());
    assertSame(boom, e.getCause());
    assertEquals(0, probe.starts("mirror"));
    assertEquals(Set.of("primary"), probe.interrupted());
    probe.assertNoneRunning();
  }

  @Test
  void aHedgedRaceOnASingleThreadExecutorStillStartsItsNextRacerWhenTheFirstIsLate() throws Exception {
    // The wait holds no thread: on one thread, a primary that never returns on its own keeps it,
    // yet the mirror's turn comes (a timer), is queued behind it, and the race is decided only
    // once the primary gives the thread up. Here the primary waits for the mirror's turn to pass.
    var probe = new Probe();
    var executor = Executors.newSingleThreadExecutor();
    try {
      var handedOver = new CountDownLatch(2);
      var tasks = new Probe.Tasks(command -> {
        handedOver.countDown();
        executor.execute(command);
      });
      var wf = race(probe, Wins.FIRST_TO_SETTLE, 50,
          probe.step("primary", in -> {
            assertTrue(handedOver.await(10, TimeUnit.SECONDS), "the mirror's turn came: it was handed over");
            return "primary";
          }),
          probe.step("mirror", in -> "mirror"),
          probe.step("backup", in -> "backup"));
      var timeline = new Timeline();
      assertEquals(List.of("primary"), wf.run(SERVICE, RunOptions.builder().executor(tasks).listener(timeline).build()));
      assertEquals(0, probe.starts("mirror"), "queued behind the primary, it lost before a thread took it up");
      assertEquals(0, probe.starts("backup"));
      tasks.awaitAllFinished();
      var decided = timeline.events().stream().filter(e -> e instanceof RunEvent.RaceDecided)
          .map(e -> (RunEvent.RaceDecided) e).toList();
      assertEquals(List.of("mirror", "backup"), decided.get(0).neverStarted(),
          "the mirror, whose turn came but that no thread took up, never started either");
      assertTrue(timeline.events().stream().noneMatch(e -> e instanceof RunEvent.StepStarted s && !s.step().equals("primary")));
      String text = timeline.render();
      assertTrue(text.lines().anyMatch(l -> l.startsWith("mirror") && l.endsWith("never started (race decided)")), text);
      assertTrue(text.lines().anyMatch(l -> l.startsWith("backup") && l.endsWith("never started (race decided)")), text);
    } finally {
      executor.shutdownNow();
    }
  }
}
