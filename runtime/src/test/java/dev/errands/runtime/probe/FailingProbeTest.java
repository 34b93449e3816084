package dev.errands.runtime.probe;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Probes that fail on the engine as it stands: opt in with -Dprobes=true. */
@EnabledIfSystemProperty(named = "probes", matches = "true")
@Timeout(30)
class FailingProbeTest {
  static final Object SVC = new Object();

  /**
   * An executor with CallerRunsPolicy (Spring's ThreadPoolTaskExecutor is commonly so configured):
   * a rejected step runs on the caller of run(). Interrupting the caller then interrupts that step,
   * which the schedule has not cancelled: it fails with an InterruptedException, and run() throws
   * WorkflowFailedException instead of InterruptedException.
   */
  @Test
  void interruptingACallerThatRunsAStepThroughCallerRuns() throws Exception {
    var pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>(), new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      var started = new CountDownLatch(2);
      var b = Workflow.<Object>builder("probe.CallerRuns");
      b.step("a", after(), (s, in) -> { started.countDown(); Thread.sleep(60_000); return 1; });
      b.step("b", after(), (s, in) -> { started.countDown(); Thread.sleep(60_000); return 2; });
      var wf = b.build(in -> null);
      var outcome = new CompletableFuture<Throwable>();
      Thread caller = Thread.ofPlatform().start(() -> {
        try {
          wf.run(SVC, RunOptions.of(pool));
          outcome.complete(null);
        } catch (Throwable t) {
          outcome.complete(t);
        }
      });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      caller.interrupt();
      Throwable t = outcome.get(10, TimeUnit.SECONDS);
      assertInstanceOf(InterruptedException.class, t, "run() should throw InterruptedException, threw " + t);
    } finally {
      pool.shutdownNow();
    }
  }
}
