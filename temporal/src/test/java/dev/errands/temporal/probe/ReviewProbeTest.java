package dev.errands.temporal.probe;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import dev.errands.temporal.ErrandsClient;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.ErrandsWorker;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Review probes for issue 16: each test states the expected behaviour; a failure is a finding. */
/** Review probes (issue 16); several fail on purpose, each a finding. Run with -Dprobes=true. */
@EnabledIfSystemProperty(named = "probes", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewProbeTest {
  private static final String QUEUE = "probe";

  static class Steps {
    final CountDownLatch failingStarted = new CountDownLatch(1);
    final AtomicInteger failingRuns = new AtomicInteger();
  }

  record One(Object value) {}

  record Two(Object a, Object b) {}

  /** A step whose result is a JDK class outside the trusted ones. */
  static final Workflow<Steps, One> UNTRUSTED = Workflow.<Steps>builder("probe.Untrusted")
      .step("uri", after(), (s, in) -> URI.create("https://example.org/"))
      .build(in -> new One(in.result(0)));

  static final Workflow<Steps, One> ECHO = Workflow.<Steps>builder("probe.Echo", "text")
      .step("echo", after(), (s, in) -> in.input(0))
      .build(in -> new One(in.result(0)));

  /** Fails every attempt; the pause before the next is 30 s. */
  static final Workflow<Steps, One> RETRY_PAUSE = Workflow.<Steps>builder("probe.RetryPause")
      .step("failing", after().retry(5, 30, SECONDS, 1.0, IOException.class), (s, in) -> {
        s.failingRuns.incrementAndGet();
        s.failingStarted.countDown();
        throw new IOException("down");
      })
      .build(in -> new One(in.result(0)));

  /** A list of 40 strings of 10 kB, fanned out. */
  static final Workflow<Steps, Two> FAN_OUT = Workflow.<Steps>builder("probe.FanOut")
      .step("list", after(), (s, in) -> {
        var l = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
          l.add(i + "x".repeat(10_000));
        }
        return l;
      })
      .step("each", after(0).eachOf(0), (s, in) -> ((String) in.element()).length())
      .build(in -> new Two(in.result(0), in.result(1)));

  private final Steps steps = new Steps();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)).withDefaultStepTimeout(Duration.ofSeconds(20));
    ErrandsWorker.on(env.newWorker(QUEUE), options)
        .serve(UNTRUSTED, steps)
        .serve(ECHO, steps)
        .serve(RETRY_PAUSE, steps)
        .serve(FAN_OUT, steps);
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void aResultOfAnUntrustedClassFailsTheRunWithAClearMessage() {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(UNTRUSTED));
    System.out.println("PROBE untrusted result: step=" + failed.step() + " " + failed.getCause());
  }

  @Test
  void nullInputs() throws Exception {
    assertEquals(new One(null), ECHO.run(steps, RunOptions.defaults(), (Object) null));
    assertEquals(new One(null), errands.run(ECHO, (Object) null));
    RuntimeException inProcess = null;
    try {
      ECHO.run(steps, RunOptions.defaults(), (Object[]) null);
    } catch (RuntimeException e) {
      inProcess = e;
    }
    RuntimeException temporal = null;
    try {
      errands.start(ECHO, (Object[]) null);
    } catch (RuntimeException e) {
      temporal = e;
    }
    System.out.println("PROBE null array: in-process " + inProcess + " / temporal " + temporal);
    assertEquals(inProcess.getClass(), temporal.getClass()); // holds: both NullPointerException
  }

  @Test
  void cancellingDuringARetryPauseEndsTheRunNow() throws Exception {
    var run = errands.start(RETRY_PAUSE);
    assertTrue(steps.failingStarted.await(10, SECONDS));
    long t0 = System.nanoTime();
    run.cancel();
    assertThrows(CancellationException.class, () -> run.result());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 10_000, ms + " ms");
    assertEquals(1, steps.failingRuns.get());
  }

  @Test
  void aFanOutDoesNotSendItsWholeListWithEveryElement() {
    var run = errands.start(FAN_OUT);
    Two result = run.result();
    assertEquals(40, ((List<?>) result.b()).size());
    long listBytes = 40 * 10_010;
    long scheduled = 0;
    int count = 0;
    for (HistoryEvent event : client.fetchHistory(run.workflowId()).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        scheduled += event.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize();
        count++;
      }
    }
    System.out.println("PROBE fan-out: " + count + " activities scheduled, their inputs " + scheduled
        + " bytes for a list of ~" + listBytes + " bytes");
    assertTrue(scheduled < 3 * listBytes, scheduled + " bytes of arguments for a list of " + listBytes);
  }
}
