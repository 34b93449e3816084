package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Corners a review of the engine found: each once made a run hang, wait too long, or hold its lock. */
@Timeout(20)
class ReviewFindingsTest {

  @Test
  void aToleratedStepWhoseLaunchIsRejectedStillLetsItsDependentsStart() throws Exception {
    var submissions = new AtomicInteger();
    Executor rejectsTheFirst = task -> {
      if (submissions.getAndIncrement() == 0) {
        throw new RejectedExecutionException("full");
      }
      Thread.ofVirtual().start(task);
    };
    Object result = Workflow.<Object>builder("com.acme.Reject")
        .step("albums", after().tolerated(), (s, in) -> "albums")
        .step("page", after(0), (s, in) -> "page")
        .build(in -> List.of(in.result(0), in.result(1)))
        .runAsync(new Object(), RunOptions.of(rejectsTheFirst))
        .get(5, TimeUnit.SECONDS);
    var albums = assertInstanceOf(Outcome.Failure.class, ((List<?>) result).get(0));
    assertInstanceOf(RejectedExecutionException.class, albums.cause());
    assertEquals("page", ((List<?>) result).get(1));
  }

  @Test
  void aPropagatorThatCannotInstallFailsTheStepInsteadOfHangingTheRun() {
    var broken = new IllegalStateException("no MDC adapter");
    var restored = new AtomicInteger();
    var fine = new ContextPropagator<String>() {
      @Override
      public String capture() {
        return "ctx";
      }

      @Override
      public Object install(String captured) {
        return null;
      }

      @Override
      public void restore(Object previous) {
        restored.incrementAndGet();
      }
    };
    var options = RunOptions.builder()
        .propagate(fine)
        .propagate(new ContextPropagator<String>() {
          @Override
          public String capture() {
            return "ctx";
          }

          @Override
          public Object install(String captured) {
            throw broken;
          }

          @Override
          public void restore(Object previous) {
            throw new AssertionError("never installed, so never restored");
          }
        })
        .build();
    var failed = assertThrows(java.util.concurrent.ExecutionException.class, () -> Workflow.<Object>builder("com.acme.Install")
        .step("a", after(), (s, in) -> "a")
        .build(in -> in.result(0))
        .runAsync(new Object(), options)
        .get(5, TimeUnit.SECONDS)); // a hang fails here instead of stalling the build
    assertSame(broken, ((WorkflowFailedException) failed.getCause()).getCause());
    assertEquals(1, restored.get(), "what was installed is put back");
  }

  @Test
  void anEachSourceIsNeverIteratedUnderTheRunsLock() throws InterruptedException {
    var heldALock = new AtomicBoolean();
    var run = new java.util.concurrent.atomic.AtomicReference<Object>();
    Iterable<Integer> lazy = () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        heldALock.compareAndSet(false, run.get() != null && Thread.holdsLock(run.get()));
        return next < 3;
      }

      @Override
      public Integer next() {
        return next++;
      }
    };
    Object result = Workflow.<Object>builder("com.acme.Lazy", "numbers")
        .step("source", after(), (s, in) -> {
          var outer = in.context().getClass().getDeclaredField("run"); // the Run, whose lock is in question
          outer.setAccessible(true);
          run.set(outer.get(in.context()));
          return lazy;
        })
        .step("doubled", after(0).eachOf(0), (s, in) -> (int) in.element() * 2)
        .step("again", after().eachOfInput(0), (s, in) -> (int) in.element() * 3)
        .build(in -> List.of(in.result(1), in.result(2)))
        .run(new Object(), RunOptions.defaults(), lazy);
    assertEquals(List.of(List.of(0, 2, 4), List.of(0, 3, 6)), result);
    assertFalse(heldALock.get(), "the Iterator ran while the thread held a monitor");
  }

  @Test
  void theDependentsOfAToleratedStepThatTimesOutStartAtTheTimeoutNotWhenItGivesIn() throws InterruptedException {
    long start = System.nanoTime();
    var pageStarted = new AtomicLong();
    Object result = Workflow.<Object>builder("com.acme.Deaf")
        .step("albums", after().tolerated().timeout(100, TimeUnit.MILLISECONDS), (s, in) -> {
          long until = System.nanoTime() + 2_000_000_000L; // deaf to interrupts, like a socket read
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          return "late";
        })
        .step("page", after(0), (s, in) -> {
          pageStarted.set(System.nanoTime());
          return "page";
        })
        .build(in -> in.result(1))
        .run(new Object(), RunOptions.defaults());
    assertEquals("page", result);
    long millis = (pageStarted.get() - start) / 1_000_000;
    assertTrue(millis < 1_000, "page starts at albums' timeout (100 ms), not at its end (2 s): " + millis);
  }
}
