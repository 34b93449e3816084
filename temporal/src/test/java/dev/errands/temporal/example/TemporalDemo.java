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
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.io.PrintStream;

/**
 * Runs {@link PizzaNight} in-process, then on Temporal: on the SDK's embedded test server by
 * default, or on the Temporal cluster at the address given ({@code localhost:7233}).
 *
 * <p>It lives in the test sources, so the {@code errands-temporal} jar carries no demo code. Run it
 * with the {@code temporal-demo} profile (see temporal/README.md):
 *
 * <pre>{@code
 * mvn -q -B -Ptemporal-demo -pl temporal -am -DskipTests verify                                # embedded test server
 * mvn -q -B -Ptemporal-demo -pl temporal -am -DskipTests verify -Dtemporal.target=localhost:7233  # a real cluster
 * }</pre>
 */
public final class TemporalDemo {
  private static final String QUEUE = "pizza-night";

  private TemporalDemo() {}

  public static void main(String[] args) throws Exception {
    run(args.length == 0 ? "" : args[0], System.out);
    System.exit(0); // the SDK's gRPC threads would keep the JVM alive for a while
  }

  /**
   * Runs the demo against the cluster at {@code target}, or on the embedded test server when
   * {@code target} is blank, printing to {@code out}.
   */
  static void run(String target, PrintStream out) throws Exception {
    // The declaration the processor generated from the annotated PizzaNight: the same object runs
    // in-process and on Temporal.
    Workflow<PizzaNight, PizzaNightOrchestrator.Result> workflow = PizzaNightOrchestrator.workflow();
    var service = new PizzaNight();
    out.println("in-process: " + workflow.run(service, RunOptions.defaults(), "Ada"));

    var converter = ErrandsDataConverter.trusting("dev.errands.temporal.example.");
    var clientOptions = WorkflowClientOptions.newBuilder().setDataConverter(converter).build();
    TestWorkflowEnvironment embedded = null;
    WorkflowClient client;
    WorkerFactory factory;
    if (target.isBlank()) {
      embedded = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setUseTimeskipping(false).setWorkflowClientOptions(clientOptions).build());
      client = embedded.getWorkflowClient();
      factory = WorkerFactory.newInstance(client);
      out.println("on Temporal's embedded test server");
    } else {
      var stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
      client = WorkflowClient.newInstance(stubs, clientOptions);
      factory = WorkerFactory.newInstance(client);
      out.println("on the Temporal cluster at " + target);
    }
    ErrandsWorker.on(factory.newWorker(QUEUE)).serve(workflow, service);
    factory.start();
    try {
      PizzaNightOrchestrator.Result result = ErrandsClient.of(client, QUEUE).run(workflow, "Ada");
      out.println("on Temporal: " + result);
    } finally {
      factory.shutdownNow();
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
