package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Random workflows ({@link RandomWorkflows}) run in-process and on Temporal's test server give the
 * same result, or fail at the same step with the same cause (class, message, suppressed exceptions).
 *
 * <p>{@value #DEFAULT_RUNS} seeds from 0 in the normal build; {@code -Dparity.runs=500} runs more,
 * {@code -Dparity.seed=42} replays one seed alone. A failure names its seed and the workflow.
 */
class RandomParityTest {
  private static final String QUEUE = "random-parity";
  private static final int DEFAULT_RUNS = 40;

  @Test
  void randomWorkflowsGiveTheSameOutcomeOnBothEngines() throws Exception {
    parity(ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)));
  }

  /** Every fan-out of more than one element runs in slices of one, each a child workflow. */
  @Test
  void randomWorkflowsGiveTheSameOutcomeWithFanOutsInSlices() throws Exception {
    parity(ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)).withFanOutSlice(1));
  }

  private static void parity(ErrandsWorker.Options options) throws Exception {
    String only = System.getProperty("parity.seed", "");
    int runs = Integer.getInteger("parity.runs", DEFAULT_RUNS);
    var generated = new ArrayList<RandomWorkflows.Generated>();
    if (!only.isBlank()) {
      generated.add(RandomWorkflows.generate(Long.parseLong(only.trim())));
    } else {
      for (long seed = 0; seed < runs; seed++) {
        generated.add(RandomWorkflows.generate(seed));
      }
    }
    var service = new RandomWorkflows.Service();
    var converter = ErrandsDataConverter.trusting("dev.errands.temporal.");
    try (var env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
        .build())) {
      var worker = ErrandsWorker.on(env.newWorker(QUEUE), options);
      for (var g : generated) {
        worker.serve(g.workflow(), service);
      }
      env.start();
      var errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
      for (var g : generated) {
        try {
          compare(g, service, errands);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("seed " + g.seed() + " differs (replay alone with -Dparity.seed=" + g.seed()
              + "):\n" + g.description() + e.getMessage(), e);
        }
      }
    }
  }

  private static void compare(RandomWorkflows.Generated g, RandomWorkflows.Service service, ErrandsClient errands)
      throws Exception {
    Object local = outcome("in-process", g.workflow().runAsync(service, RunOptions.defaults(), g.inputs()));
    Object remote = outcome("on Temporal", errands.start(g.workflow(), g.inputs()).resultAsync());
    assertEquals(local, remote, "in-process, then on Temporal");
  }

  /** What a run gave back: its result, or its failed step and cause as text. */
  private static Object outcome(String engine, CompletableFuture<List<Object>> run) throws InterruptedException {
    try {
      return run.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowFailedException failed) {
        return "failed at " + failed.step() + ": " + RandomWorkflows.describe(failed.getCause());
      }
      throw new AssertionError("the run " + engine + " threw " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the run " + engine + " did not end within a minute");
    }
  }
}
