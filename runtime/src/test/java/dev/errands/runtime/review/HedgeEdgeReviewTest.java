package dev.errands.runtime.review;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Timeline;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reviewer's probes: the hedge timer racing the race's decision; the Timeline of an unfinished wait. */
@Timeout(60)
class HedgeEdgeReviewTest {
  static final String SVC = "dev.errands.review.Svc";
  static final Object SERVICE = new Object();

  /**
   * DEFECT PROBE (fails: neverStarted misses a racer whose turn came but that no thread took up).
   * CONTRACT: each next racer starts hedgeAfter after the one before, "as long as the race is
   * undecided"; a racer not started when the race is decided never starts. The mirror's turn comes
   * about when the primary returns: whichever wins, the mirror never starts after the decision,
   * never runs after run returned, and neverStarted is exact.
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
   * DEFECT PROBE (fails: the waiting racer is absent from the Timeline).
   * CONTRACT: "the Timeline shows racers that never started as such". A run that times out while the
   * mirror waits for its turn: the Timeline names the mirror as never started (or at least does not
   * draw it as having run). Reported as an observation when it is simply absent.
   */
  @Test
  void theTimelineOfARunThatTimedOutDuringTheWait() throws Exception {
    var timeline = new Timeline();
    var primaryRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .timeout(200, TimeUnit.MILLISECONDS)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          primaryRunning.countDown();
          new CountDownLatch(1).await();
          return "primary";
        })
        .racer(0, "mirror", (s, in) -> "mirror")
        .build(in -> in.result(0));
    assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.builder().listener(timeline).build()));
    String text = timeline.render();
    assertTrue(text.lines().noneMatch(l -> l.startsWith("mirror") && !l.contains("never started")), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("mirror") && l.contains("never started")),
        "the waiting mirror is absent from the Timeline:\n" + text);
  }

  /**
   * DEFECT PROBE (deterministic form of the one above). CONTRACT/RunEvent.RaceDecided.neverStarted:
   * "the racers of a hedged race that had not started when it was decided ... they never start, and
   * have no events of their own"; Timeline "shows racers that never started as such". On one thread,
   * the mirror's turn comes while the primary holds the thread: the mirror is queued, the primary
   * wins, the mirror never starts and has no event — yet neverStarted leaves it out (it names only
   * the backup), so the Timeline shows no row for it at all.
   */
  @Test
  void aRacerWhoseTurnCameButThatNeverGotAThreadIsNamedNeverStarted() throws Exception {
    var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var handedOver = new CountDownLatch(2); // the primary, then the mirror whose turn came
      java.util.concurrent.Executor tasks = command -> {
        handedOver.countDown();
        executor.execute(command);
      };
      var watch = new Watch();
      var timeline = new Timeline();
      var wf = Workflow.builder(SVC)
          .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(50, TimeUnit.MILLISECONDS))
          .racer(0, "primary", (s, in) -> {
            assertTrue(handedOver.await(10, TimeUnit.SECONDS));
            return "primary";
          })
          .racer(0, "mirror", (s, in) -> "mirror")
          .racer(0, "backup", (s, in) -> "backup")
          .build(in -> in.result(0));
      var options = RunOptions.builder().executor(tasks).listener(e -> {
        watch.onEvent(e);
        timeline.onEvent(e);
      }).build();
      assertEquals("primary", wf.run(SERVICE, options));
      watch.awaitEnded();
      assertEquals(0, watch.started("mirror").size(), "the mirror never started");
      assertEquals(List.of("mirror", "backup"), watch.decided().get(0).neverStarted());
      String text = timeline.render();
      assertTrue(text.lines().anyMatch(l -> l.startsWith("mirror") && l.contains("never started")), text);
    } finally {
      executor.shutdownNow();
    }
  }
}
