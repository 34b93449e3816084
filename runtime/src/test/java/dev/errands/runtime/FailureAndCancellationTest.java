package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failing step fails the run: nothing more starts, running steps are interrupted, and run throws
 * once every started step has ended. Interrupting the caller of run cancels the run the same way.
 */
@Timeout(10)
class FailureAndCancellationTest {

  /** An {@link Error} of the test's own, so that nothing else throws it. */
  static final class StepError extends Error {
    private static final long serialVersionUID = 1L;

    StepError(String message) {
      super(message);
    }
  }

  static Stream<Throwable> failures() {
    return Stream.of(
        new IOException("a checked exception"),
        new IllegalStateException("a runtime exception"),
        new StepError("an error"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void aFailingStepFailsTheRunWithExactlyWhatItThrewAndInterruptsTheOthers(Throwable thrown)
      throws Exception {
    var probe = new Probe();
    var othersRunning = new CountDownLatch(2);
    var wf = Workflow.builder(SVC)
        .step("slow1", after(), probe.step("slow1", in -> {
          othersRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow1";
        }))
        .step("fails", after(), probe.step("fails", in -> {
          othersRunning.await();
          throw thrown;
        }))
        .step("slow2", after(), probe.step("slow2", in -> {
          othersRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow2";
        }))
        .step("afterFails", after(1), probe.step("afterFails", in -> "never"))
        .step("afterSlow", after(0), probe.step("afterSlow", in -> "never"))
        .build(values(5));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    probe.assertNoneRunning();

    assertEquals("fails", e.step());
    assertEquals(SVC, e.workflow());
    assertSame(thrown, e.getCause());
    assertEquals(Set.of("slow1", "slow2"), probe.interrupted());
    assertEquals(0, probe.starts("afterFails"), "a dependent of the failed step started");
    assertEquals(0, probe.starts("afterSlow"), "a dependent of an interrupted step started");
    assertArrayEquals(new Throwable[0], thrown.getSuppressed(), "cancellation interrupts attached");
    assertArrayEquals(new Throwable[0], e.getSuppressed(), "cancellation interrupts attached");
    probe.assertThreadsEnd();
  }

  @Test
  void aFailureInAChainStopsTheChainThere() throws Exception {
    var probe = new Probe();
    var boom = new IllegalArgumentException("boom");
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.step("a", in -> "a"))
        .step("b", after(0), probe.step("b", in -> {
          throw boom;
        }))
        .step("c", after(1), probe.step("c", in -> "c"))
        .step("d", after(2), probe.step("d", in -> "d"))
        .build(values(4));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("b", e.step());
    assertSame(boom, e.getCause());
    assertEquals(List.of("start:a", "end:a", "start:b", "end:b"), probe.log());
  }

  @Test
  void runThrowsOnlyOnceAStepThatIgnoresItsInterruptHasEnded() throws Exception {
    var probe = new Probe();
    var stubbornRunning = new CountDownLatch(1);
    var boom = new IOException("boom");
    var wf = Workflow.builder(SVC)
        .step("stubborn", after(), probe.step("stubborn", in -> {
          stubbornRunning.countDown();
          probe.ignoreInterruptsFor("stubborn", 200); // a run that did not wait would return long before
          return "done anyway";
        }))
        .step("fails", after(), probe.step("fails", in -> {
          stubbornRunning.await();
          throw boom;
        }))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    probe.note("returned");

    assertSame(boom, e.getCause());
    assertEquals("fails", e.step());
    assertEquals(Set.of("stubborn"), probe.interrupted(), "the stubborn step was interrupted");
    assertTrue(probe.indexOf("end:stubborn") < probe.indexOf("returned"), "run returned before the step ended");
    probe.assertNoneRunning();
  }

  @Test
  void whatACancelledStepThrowsIsNeverAttachedToTheFailure() throws Exception {
    var probe = new Probe();
    var othersRunning = new CountDownLatch(3);
    var boom = new IllegalStateException("boom");
    var wf = Workflow.builder(SVC)
        .step("wraps", after(), probe.step("wraps", in -> {
          othersRunning.countDown();
          var interrupt = probe.awaitInterrupt("wraps");
          throw new UncheckedIOException(new IOException("cleanup failed", interrupt));
        }))
        .step("newError", after(), probe.step("newError", in -> {
          othersRunning.countDown();
          probe.awaitInterrupt("newError");
          throw new StepError("thrown while being cancelled");
        }))
        .step("swallows", after(), probe.step("swallows", in -> {
          othersRunning.countDown();
          probe.awaitInterrupt("swallows");
          return "returned normally";
        }))
        .step("fails", after(), probe.step("fails", in -> {
          othersRunning.await();
          throw boom;
        }))
        .build(values(4));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertSame(boom, e.getCause());
    assertEquals(Set.of("newError", "swallows", "wraps"), probe.interrupted());
    assertArrayEquals(new Throwable[0], boom.getSuppressed());
    assertArrayEquals(new Throwable[0], e.getSuppressed());
    probe.assertNoneRunning();
  }

  @Test
  void aRunNestedInACancelledStepIsCancelledWithItAndEndsFirst() throws Exception {
    var inner = new Probe();
    var innerRunning = new CountDownLatch(1);
    var innerWf = Workflow.builder("dev.errands.test.Inner")
        .step("deep", after(), inner.step("deep", in -> {
          innerRunning.countDown();
          Probe.blockUntilInterrupted();
          return null;
        }))
        .build(values(1));
    var outer = new Probe();
    var boom = new IllegalStateException("boom");
    var wf = Workflow.builder(SVC)
        .step("nests", after(), outer.step("nests", in -> innerWf.run(SERVICE, RunOptions.defaults())))
        .step("fails", after(), outer.step("fails", in -> {
          innerRunning.await();
          throw boom;
        }))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertSame(boom, e.getCause());
    assertEquals(Set.of("deep"), inner.interrupted());
    assertEquals(Set.of("nests"), outer.interrupted(), "the inner run threw InterruptedException");
    inner.assertNoneRunning();
    assertArrayEquals(new Throwable[0], boom.getSuppressed());
  }

  // -----------------------------------------------------------------------------------------------
  // The caller's interruption

  @Test
  void interruptingTheCallerInterruptsEveryStepWaitsForThemThenThrows() throws Exception {
    var probe = new Probe();
    var running = new CountDownLatch(2);
    var wf = Workflow.builder(SVC)
        .step("blocks", after(), probe.step("blocks", in -> {
          running.countDown();
          Probe.blockUntilInterrupted();
          return null;
        }))
        .step("stubborn", after(), probe.step("stubborn", in -> {
          running.countDown();
          probe.ignoreInterruptsFor("stubborn", 200); // a run that did not wait would throw long before
          return null;
        }))
        .step("next", after(0), probe.step("next", in -> null))
        .build(values(3));

    var thrown = new CompletableFuture<Throwable>();
    var runningWhenThrown = new CompletableFuture<Set<String>>();
    Thread caller = Thread.ofPlatform().name("caller").start(() -> {
      try {
        wf.run(SERVICE, RunOptions.defaults());
        thrown.complete(null);
      } catch (Throwable t) {
        probe.note("thrown");
        runningWhenThrown.complete(probe.running());
        thrown.complete(t);
      }
    });
    running.await();
    caller.interrupt();

    Throwable t = thrown.get(5, TimeUnit.SECONDS);
    assertInstanceOf(InterruptedException.class, t);
    assertArrayEquals(new Throwable[0], t.getSuppressed(), "the steps' interrupts were attached");
    assertEquals(Set.of(), runningWhenThrown.get(), "run threw while steps were running");
    assertEquals(Set.of("blocks", "stubborn"), probe.interrupted());
    assertTrue(probe.indexOf("end:stubborn") < probe.indexOf("thrown"), "run did not wait for the stubborn step");
    assertEquals(0, probe.starts("next"));
    probe.assertThreadsEnd();
  }

  @Test
  void interruptingAVirtualCallerWorksTheSame() throws Exception {
    var probe = new Probe();
    var running = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .step("blocks", after(), probe.step("blocks", in -> {
          running.countDown();
          Probe.blockUntilInterrupted();
          return null;
        }))
        .build(values(1));
    var thrown = new CompletableFuture<Throwable>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        wf.run(SERVICE, RunOptions.defaults());
        thrown.complete(null);
      } catch (Throwable t) {
        thrown.complete(t);
      }
    });
    running.await();
    caller.interrupt();
    assertInstanceOf(InterruptedException.class, thrown.get(5, TimeUnit.SECONDS));
    assertEquals(Set.of("blocks"), probe.interrupted());
    probe.assertNoneRunning();
  }

  @Test
  void aCallerAlreadyInterruptedGetsInterruptedExceptionAtOnceAndNoStepStarts() {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.blocks("a"))
        .step("b", after(0), probe.blocks("b"))
        .build(values(2));

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertFalse(Thread.interrupted(), "the interrupt status is cleared, as by any InterruptedException");
    assertEquals(0, probe.totalStarts());
  }
}
