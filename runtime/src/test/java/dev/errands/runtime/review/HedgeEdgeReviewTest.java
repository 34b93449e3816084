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
}
