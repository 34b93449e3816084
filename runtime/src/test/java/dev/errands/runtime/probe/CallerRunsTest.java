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

/** A step that an executor runs on the caller's own thread, and the caller giving up. */
@Timeout(30)
class CallerRunsTest {
  static final Object SVC = new Object();

  /**
   * An executor with CallerRunsPolicy (Spring's ThreadPoolTaskExecutor is commonly so configured):
   * a rejected step runs on the caller of run(). Interrupting the caller interrupts that step too:
   * that is the caller giving up (run() throws InterruptedException once every step, the one on the
   * pool included, has been interrupted and ended), not the step failing (it used to make run()
   * throw WorkflowFailedException).
   */
  @Test
  void interruptingACallerThatRunsAStepThroughCallerRunsCancelsTheRun() throws Exception {
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

  /** The same with an executor that runs every task where it is submitted: the first steps on the caller. */
  @Test
  void interruptingACallerThatRunsAStepInlineCancelsTheRun() throws Exception {
    var started = new CountDownLatch(1);
    var b = Workflow.<Object>builder("probe.Inline");
    b.step("a", after(), (s, in) -> { started.countDown(); Thread.sleep(60_000); return 1; });
    b.step("b", after(0), (s, in) -> 2);
    var wf = b.build(in -> in.result(1));
    var outcome = new CompletableFuture<Throwable>();
    Thread caller = Thread.ofPlatform().start(() -> {
      try {
        wf.run(SVC, RunOptions.of(Runnable::run));
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    caller.interrupt();
    Throwable t = outcome.get(10, TimeUnit.SECONDS);
    assertInstanceOf(InterruptedException.class, t, "run() should throw InterruptedException, threw " + t);
  }
}
