package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedged races at their edges (first written as a reviewer's probes, issue 20): a racer's turn
 * racing the race's decision, what listeners see of racers that never start.
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
}
