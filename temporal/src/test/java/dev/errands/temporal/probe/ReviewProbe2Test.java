package dev.errands.temporal.probe;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunOptions;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Review probes (issue 16); several fail on purpose, each a finding. Run with -Dprobes=true. */
@EnabledIfSystemProperty(named = "probes", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewProbe2Test {
  private static final String QUEUE = "probe2";

  static class Steps {
  }

  record One(Object value) {}

  record Two(Object a, Object b) {}

  record Four(Object a, Object b, Object c, Object d) {}

  /** A 1.5 MB input, three parallel steps that do not use it. */
  static final Workflow<Steps, Four> BIG_INPUT = Workflow.<Steps>builder("probe.BigInput", "blob")
      .step("a", after(), (s, in) -> "a")
      .step("b", after(), (s, in) -> "b")
      .step("c", after(), (s, in) -> "c")
      .step("d", after(0, 1, 2), (s, in) -> ((String) in.input(0)).length())
      .build(in -> new Four(in.result(0), in.result(1), in.result(2), in.result(3)));

  /** A 100 kB list fanned out over its 10 elements. */
  static final Workflow<Steps, Two> FAN_OUT = Workflow.<Steps>builder("probe.FanOut2")
      .step("list", after(), (s, in) -> {
        var l = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
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
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1))
        .withDefaultStepTimeout(Duration.ofSeconds(2)).withLostWorkerRetries(1);
    var w = ErrandsWorker.on(env.newWorker(QUEUE), options)
        .serve(BIG_INPUT, steps).serve(FAN_OUT, steps);
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void aBigInputWithParallelSteps() throws Exception {
    String blob = "z".repeat(1_500_000);
    assertEquals(1_500_000, BIG_INPUT.run(steps, RunOptions.defaults(), blob).d());
    try {
      Four r = errands.run(BIG_INPUT, blob);
      assertEquals(1_500_000, r.d());
    } catch (RuntimeException e) {
      System.out.println("PROBE big input: " + e);
      throw e;
    }
  }

  @Test
  void fanOutArgumentBytes() {
    var run = errands.start(FAN_OUT);
    run.result();
    long scheduled = 0;
    int count = 0;
    for (HistoryEvent event : client.fetchHistory(run.workflowId()).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        scheduled += event.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize();
        count++;
      }
    }
    System.out.println("PROBE fan-out: " + count + " activities, inputs " + scheduled + " bytes, list ~100100 bytes");
    assertTrue(scheduled < 300_000, scheduled + " bytes");
  }
}
