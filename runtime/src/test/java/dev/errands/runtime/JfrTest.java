package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.stream.Collectors.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each step that ends commits one {@code dev.errands.Step} Flight Recorder event. */
@Timeout(20)
class JfrTest {

  /** Runs {@code runs} under a recording of {@code dev.errands.Step}, and reads back the events of {@code workflow}. */
  private static List<RecordedEvent> record(String workflow, ThrowingRunnable runs) throws Exception {
    Path file = Files.createTempFile("errands-steps", ".jfr");
    try (var recording = new Recording()) {
      recording.enable("dev.errands.Step");
      recording.start();
      runs.run();
      recording.stop();
      recording.dump(file);
      return RecordingFile.readAllEvents(file).stream()
          .filter(e -> e.getEventType().getName().equals("dev.errands.Step"))
          .filter(e -> workflow.equals(e.getString("workflow")))
          .toList();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static Map<String, String> outcomes(List<RecordedEvent> events) {
    return events.stream().collect(toMap(e -> e.getString("step"), e -> e.getString("outcome")));
  }

  private static Duration duration(List<RecordedEvent> events, String step) {
    return events.stream().filter(e -> e.getString("step").equals(step)).findFirst().orElseThrow().getDuration();
  }

  @Test
  void eachStepThatEndsCommitsOneEventWithItsOutcomeAndDuration() throws Exception {
    String name = "dev.errands.test.JfrSvc";
    var slowRunning = new CountDownLatch(1);
    var ok = Workflow.builder(name)
        .step("works", after(), (s, in) -> {
          Thread.sleep(50); // what the event's duration must show
          return "ok";
        })
        .step("next", after(0), (s, in) -> "next")
        .build(values(2));
    var failing = Workflow.builder(name)
        .step("slow", after(), (s, in) -> {
          slowRunning.countDown();
          Probe.blockUntilInterrupted();
          return null;
        })
        .step("fails", after(), (s, in) -> {
          slowRunning.await();
          throw new IllegalStateException("boom");
        })
        .step("neverStarts", after(1), (s, in) -> null)
        .build(values(3));

    var events = record(name, () -> {
      ok.run(SERVICE, RunOptions.defaults());
      assertThrows(WorkflowFailedException.class, () -> failing.run(SERVICE, RunOptions.defaults()));
    });

    assertEquals(4, events.size(), events.toString());
    assertEquals(
        Map.of("works", "SUCCEEDED", "next", "SUCCEEDED", "slow", "CANCELLED", "fails", "FAILED"),
        outcomes(events));
    Duration works = duration(events, "works");
    assertTrue(works.compareTo(Duration.ofMillis(45)) >= 0 && works.compareTo(Duration.ofSeconds(10)) < 0,
        "works took " + works); // about its sleep (JFR keeps its own clock); seconds to spare above
  }

  @Test
  void raceLosersAreCancelledAndAsyncStepsLastUntilTheirStageCompletes() throws Exception {
    String name = "dev.errands.test.JfrRaceSvc";
    var loserRunning = new CountDownLatch(1);
    var wf = Workflow.builder(name)
        .race("race", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "winner", after(), (s, in) -> {
          loserRunning.await();
          return "won";
        })
        .racer(0, "loser", after(), (s, in) -> {
          loserRunning.countDown();
          Probe.blockUntilInterrupted();
          return "lost";
        })
        .step("async", after().async(), (s, in) ->
            CompletableFuture.supplyAsync(() -> "late", CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)))
        .build(values(2));

    var events = record(name, () -> wf.run(SERVICE, RunOptions.defaults()));

    assertEquals(Map.of("winner", "SUCCEEDED", "loser", "CANCELLED", "async", "SUCCEEDED"), outcomes(events));
    assertEquals(3, events.size());
    Duration async = duration(events, "async");
    assertTrue(async.compareTo(Duration.ofMillis(90)) >= 0, "the async step's event ended at " + async);
  }

  /** A step that runs past its own timeout fails (the run names it, with a TimeoutException). */
  @Test
  void aStepThatTimesOutIsRecordedAsFailed() throws Exception {
    String name = "dev.errands.test.JfrTimeoutSvc";
    var wf = Workflow.builder(name)
        .step("slow", after().timeout(50, MILLISECONDS), (s, in) -> {
          Probe.blockUntilInterrupted();
          return null;
        })
        .build(values(1));

    var probe = new Probe();
    var pending = Workflow.builder(name)
        .race("race", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "pending", after().async().timeout(50, MILLISECONDS), (s, in) -> new CompletableFuture<>())
        .racer(0, "later", after(), (s, in) -> {
          probe.awaitEvent("StepEnded pending FAILED"); // succeeds only once pending has timed out
          return "later";
        })
        .build(values(1));

    var events = record(name, () -> {
      assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
      assertEquals(List.of("later"), pending.run(SERVICE, probe.options()));
    });

    assertEquals(Map.of("slow", "FAILED", "pending", "FAILED", "later", "SUCCEEDED"), outcomes(events));
  }

  @Test
  void withoutARecordingStepsRunAsUsual() throws Exception {
    var wf = Workflow.builder("dev.errands.test.NoJfr")
        .step("a", after(), (s, in) -> "a")
        .build(values(1));
    assertEquals(List.of("a"), wf.run(SERVICE, RunOptions.defaults()));
  }
}
