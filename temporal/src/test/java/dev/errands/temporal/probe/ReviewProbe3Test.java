package dev.errands.temporal.probe;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.errands.runtime.Workflow;
import dev.errands.temporal.ErrandsClient;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.ErrandsWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Review probes (issue 16); several fail on purpose, each a finding. Run with -Dprobes=true. */
@EnabledIfSystemProperty(named = "probes", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewProbe3Test {
  private static final String QUEUE = "probe3";

  static class Steps {}

  record Two(Object a, Object b) {}

  @WorkflowInterface
  public interface Plain {
    @WorkflowMethod
    String go(String in);
  }

  public static class PlainImpl implements Plain {
    @Override
    public String go(String in) {
      return in;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;
  private ErrandsWorker errandsWorker;
  private Worker worker;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    worker = env.newWorker(QUEUE);
    errandsWorker = ErrandsWorker.on(worker);
    env.newWorker("plain").registerWorkflowImplementationTypes(PlainImpl.class);
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void checkOnAPlainWorkflowsHistory() {
    var stub = client.newWorkflowStub(Plain.class, WorkflowOptions.newBuilder().setTaskQueue("plain").setWorkflowId("plain-1").build());
    assertEquals("hi", stub.go("hi"));
    var history = client.fetchHistory("plain-1");
    RuntimeException e = assertThrows(RuntimeException.class, () -> errandsWorker.check(history));
    System.out.println("PROBE check plain: " + e);
    assertEquals(IllegalArgumentException.class, e.getClass());
  }
}
