package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent.Outcome;
import dev.errands.runtime.RunEvent.RaceDecided;
import dev.errands.runtime.RunEvent.RunEnded;
import dev.errands.runtime.RunEvent.RunStarted;
import dev.errands.runtime.RunEvent.StepEnded;
import dev.errands.runtime.RunEvent.StepStarted;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a {@link RunListener} sees, and in what order. */
class RunListenerTest {

  private static RunOptions listening(Timeline timeline) {
    return RunOptions.builder().listener(timeline).build();
  }

  /** "StepStarted a", "StepEnded a SUCCEEDED", … : the events as short lines, in order. */
  private static List<String> lines(Timeline timeline) {
    return timeline.events().stream().map(Probe::line).toList();
  }

  @Test
  void aChainIsSeenInOrder() throws InterruptedException {
    var timeline = new Timeline();
    Workflow.<Object>builder("com.acme.Chain", "seed")
        .step("a", after(), (s, in) -> (int) in.input(0) + 1)
        .step("b", after(0), (s, in) -> (int) in.result(0) * 2)
        .build(in -> in.result(1))
        .run(new Object(), listening(timeline), 20);

    assertEquals(List.of(
        "RunStarted",
        "StepStarted a", "StepEnded a SUCCEEDED",
        "StepStarted b", "StepEnded b SUCCEEDED",
        "RunEnded SUCCEEDED"), lines(timeline));
    long runId = timeline.events().get(0).runId();
    assertTrue(timeline.events().stream().allMatch(e -> e.runId() == runId && e.workflow().equals("com.acme.Chain")));
  }

  @Test
  void parallelStepsEachStartAndEndBetweenTheRunsStartAndEnd() throws InterruptedException {
    var timeline = new Timeline();
    var barrier = new CountDownLatch(3);
    StepBody<Object> meet = (s, in) -> {
      barrier.countDown();
      barrier.await();
      return Thread.currentThread().getName();
    };
    Workflow.<Object>builder("com.acme.Three")
        .step("x", after(), meet)
        .step("y", after(), meet)
        .step("z", after(), meet)
        .build(in -> null)
        .run(new Object(), listening(timeline));

    List<String> lines = lines(timeline);
    assertEquals("RunStarted", lines.get(0));
    assertEquals("RunEnded SUCCEEDED", lines.get(lines.size() - 1));
    assertEquals(Set.of("x", "y", "z"), timeline.events().stream()
        .filter(e -> e instanceof StepEnded).map(e -> ((StepEnded) e).step()).collect(Collectors.toSet()));
    for (RunEvent e : timeline.events()) {
      if (e instanceof StepEnded ended) {
        assertEquals("Three." + ended.step(), ended.thread(), "the thread that ran it");
        assertTrue(ended.nanos() >= ended.startNanos());
      }
    }
  }

  @Test
  void aRaceIsSeenDecidedAndItsLoserCancelled() throws InterruptedException {
    var timeline = new Timeline();
    var slowStarted = new CountDownLatch(1);
    var result = Workflow.<Object>builder("com.acme.Pizza")
        .race("pizza", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "fast", (s, in) -> {
          slowStarted.await(); // so that the loser is running, not merely queued, when it loses
          return "fast";
        })
        .racer(0, "slow", (s, in) -> {
          slowStarted.countDown();
          Probe.blockUntilInterrupted();
          return "slow";
        })
        .build(in -> in.result(0))
        .run(new Object(), listening(timeline));

    assertEquals("fast", result);
    List<String> lines = lines(timeline);
    assertTrue(lines.contains("RaceDecided pizza fast true"), lines.toString());
    assertTrue(lines.contains("StepEnded slow CANCELLED"), lines.toString());
    assertTrue(lines.indexOf("StepEnded fast SUCCEEDED") < lines.indexOf("RaceDecided pizza fast true"), lines.toString());
    assertEquals("RunEnded SUCCEEDED", lines.get(lines.size() - 1));
    assertTrue(timeline.render().contains("lost race pizza, cancelled"), timeline.render());
  }

  @Test
  void aFailureIsSeenWithItsCauseAndTheCancelledSteps() {
    var timeline = new Timeline();
    var boom = new IOException("boom");
    var started = new CountDownLatch(1);
    var workflow = Workflow.<Object>builder("com.acme.Failing")
        .step("waits", after(), (s, in) -> {
          started.countDown();
          Probe.blockUntilInterrupted();
          return null;
        })
        .step("fails", after(), (s, in) -> {
          started.await();
          throw boom;
        })
        .step("never", after(1), (s, in) -> null)
        .build(in -> null);
    assertThrows(WorkflowFailedException.class, () -> workflow.run(new Object(), listening(timeline)));

    List<String> lines = lines(timeline);
    assertTrue(lines.contains("StepEnded fails FAILED"), lines.toString());
    assertTrue(lines.contains("StepEnded waits CANCELLED"), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains("never")), lines.toString());
    assertEquals("RunEnded FAILED fails", lines.get(lines.size() - 1));
    StepEnded failed = timeline.events().stream()
        .filter(e -> e instanceof StepEnded s && s.outcome() == Outcome.FAILED)
        .map(StepEnded.class::cast).findFirst().orElseThrow();
    assertSame(boom, failed.failure());
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheRun() throws InterruptedException {
    var options = RunOptions.builder().listener(event -> {
      throw new IllegalStateException("broken listener");
    }).build();
    Object result = Workflow.<Object>builder("com.acme.Tiny")
        .step("only", after(), (s, in) -> "done")
        .build(in -> in.result(0))
        .run(new Object(), options);
    assertEquals("done", result);
  }

  @Test
  void aListenerSeesOnlyTheRunsOfTheOptionsItWasGivenTo() throws InterruptedException {
    var timeline = new Timeline();
    var workflow = Workflow.<Object>builder("com.acme.Tiny")
        .step("only", after(), (s, in) -> "done")
        .build(in -> in.result(0));
    workflow.run(new Object(), RunOptions.defaults());
    workflow.run(new Object(), listening(timeline));
    workflow.run(new Object(), RunOptions.defaults());
    assertEquals(1, timeline.events().stream().filter(e -> e instanceof RunStarted).count());
    assertEquals(1, timeline.events().stream().map(RunEvent::runId).distinct().count());
  }

  @Test
  void everyEventOfARunReachesTheListenerBeforeItsRunEndedAndBeforeRunReturns() throws InterruptedException {
    var workflow = Workflow.<Object>builder("com.acme.Two")
        .step("x", after(), (s, in) -> 1)
        .step("y", after(), (s, in) -> 2)
        .race("r", Wins.FIRST_TO_SETTLE, after())
        .racer(2, "r1", (s, in) -> 3)
        .racer(2, "r2", (s, in) -> 4)
        .build(in -> null);
    for (int i = 0; i < 2_000; i++) {
      var timeline = new Timeline();
      workflow.run(new Object(), listening(timeline));
      List<RunEvent> events = timeline.events();
      assertTrue(events.get(events.size() - 1) instanceof RunEnded, "run " + i + ": " + lines(timeline));
      long stepsEnded = events.stream().filter(e -> e instanceof StepEnded).count();
      long stepsStarted = events.stream().filter(e -> e instanceof StepStarted).count();
      assertEquals(stepsStarted, stepsEnded, "run " + i + ": " + lines(timeline));
      assertEquals(1, events.stream().filter(e -> e instanceof RaceDecided).count(), "run " + i);
    }
  }

  /**
   * While x's end is being told, y ends, and with it everything the run waits for but this
   * listener: a run that did not wait for it would end meanwhile, and the listener gives it 100 ms
   * to do so. A run that waits never ends then, whatever the scheduling.
   */
  @Test
  void aSlowListenerStillSeesAStepEndBeforeTheRunEnds() throws InterruptedException {
    var timeline = new Timeline();
    var yReturned = new CountDownLatch(1);
    var runEnded = new CountDownLatch(1);
    RunListener slow = event -> {
      if (event instanceof StepEnded ended && ended.step().equals("x")) {
        try {
          yReturned.await(Probe.PATIENCE.toMillis(), MILLISECONDS);
          runEnded.await(100, MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      timeline.onEvent(event);
      if (event instanceof RunEnded) {
        runEnded.countDown();
      }
    };
    var xDone = new CountDownLatch(1);
    Workflow.<Object>builder("com.acme.Two")
        .step("x", after(), (s, in) -> {
          xDone.countDown();
          return 1;
        })
        .step("y", after(), (s, in) -> {
          xDone.await();
          yReturned.countDown();
          return 2;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.builder().listener(slow).build());
    List<String> lines = lines(timeline);
    assertTrue(lines.contains("StepEnded x SUCCEEDED"), "delivered before run returned: " + lines);
    assertEquals("RunEnded SUCCEEDED", lines.get(lines.size() - 1), lines.toString());
  }
}
