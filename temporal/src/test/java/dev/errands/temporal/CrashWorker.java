package dev.errands.temporal;

import dev.errands.Sequential;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The worker that {@link CrashTest} runs in a JVM of its own, and kills. Prints {@code ran <step>}
 * as each step starts, which is how the test knows what ran there, and when to kill it.
 *
 * <p>Arguments: the Temporal frontend ({@code localhost:port}), the task queue, and {@link
 * ErrandsWorker.Options#lostWorkerRetries()}.
 */
public final class CrashWorker {
  private CrashWorker() {}

  /** Three steps in a row; {@code bake} never ends in the worker that is going to be killed. */
  static class Kitchen {
    private final Consumer<String> ran;
    private final boolean bakeHangs;

    Kitchen(Consumer<String> ran, boolean bakeHangs) {
      this.ran = ran;
      this.bakeHangs = bakeHangs;
    }

    @Sequential
    String prepare(String order) {
      ran.accept("prepare");
      return "prepared " + order;
    }

    @Sequential(after = "prepare")
    String bake(String prepare) throws InterruptedException {
      ran.accept("bake");
      if (bakeHangs) {
        Thread.sleep(Duration.ofMinutes(10)); // until the JVM is killed
      }
      return prepare + ", baked";
    }

    @Sequential(after = "bake")
    String deliver(String bake) {
      ran.accept("deliver");
      return bake + ", delivered";
    }
  }

  /**
   * Both JVMs' options: a short heartbeat, so that the loss of the killed worker is seen within
   * seconds, yet long enough that a busy machine does not make a living worker miss one.
   */
  static ErrandsWorker.Options options(int lostWorkerRetries) {
    return ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(2)).withLostWorkerRetries(lostWorkerRetries);
  }

  public static void main(String[] args) throws InterruptedException {
    var service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
    var client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    // Not sticky: see CrashTest, and "Testing worker loss" in the README.
    var worker = factory.newWorker(args[1], WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    ErrandsWorker.on(worker, options(Integer.parseInt(args[2])))
        .serve(CrashWorker_KitchenOrchestrator.workflow(), new Kitchen(step -> {
          System.out.println("ran " + step);
          System.out.flush();
        }, true));
    factory.start();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(10)); // until killed
  }
}
