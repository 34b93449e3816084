package dev.errands.temporal.example;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.temporal.ErrandsClient;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.ErrandsWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactory;

/**
 * Runs {@link PizzaNight} in-process, then on Temporal: on the SDK's embedded test server by
 * default, or on the Temporal cluster at the address given ({@code localhost:7233}).
 *
 * <pre>{@code
 * java ... dev.errands.temporal.example.TemporalDemo                  # embedded test server
 * java ... dev.errands.temporal.example.TemporalDemo localhost:7233   # a real cluster (namespace "default")
 * }</pre>
 */
public final class TemporalDemo {
  private static final String QUEUE = "pizza-night";

  private TemporalDemo() {}

  public static void main(String[] args) throws Exception {
    // The declaration the processor generated from the annotated PizzaNight: the same object runs
    // in-process and on Temporal.
    Workflow<PizzaNight, PizzaNightOrchestrator.Result> workflow = PizzaNightOrchestrator.workflow();
    var service = new PizzaNight();
    System.out.println("in-process: " + workflow.run(service, RunOptions.defaults(), "Ada"));

    var converter = ErrandsDataConverter.trusting("dev.errands.temporal.example.");
    var clientOptions = WorkflowClientOptions.newBuilder().setDataConverter(converter).build();
    TestWorkflowEnvironment embedded = null;
    WorkflowClient client;
    WorkerFactory factory;
    if (args.length == 0) {
      embedded = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setUseTimeskipping(false).setWorkflowClientOptions(clientOptions).build());
      client = embedded.getWorkflowClient();
      factory = WorkerFactory.newInstance(client);
      System.out.println("on Temporal's embedded test server");
    } else {
      var stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
      client = WorkflowClient.newInstance(stubs, clientOptions);
      factory = WorkerFactory.newInstance(client);
      System.out.println("on the Temporal cluster at " + args[0]);
    }
    ErrandsWorker.on(factory.newWorker(QUEUE)).serve(workflow, service);
    factory.start();
    try {
      PizzaNightOrchestrator.Result result = ErrandsClient.of(client, QUEUE).run(workflow, "Ada");
      System.out.println("on Temporal: " + result);
    } finally {
      factory.shutdownNow();
      if (embedded != null) {
        embedded.close();
      }
    }
    System.exit(0);
  }
}
