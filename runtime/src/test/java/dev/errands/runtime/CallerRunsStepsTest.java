package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run called from a virtual thread, with steps on virtual threads: the caller, which would
 * otherwise only wait, runs the first step it may itself, and the chain its end hands it — under
 * each step's name, getting its own name back before it waits. Only steps whose parameters are
 * declared ({@code takes}, as generated code always declares them) and do not include their {@link
 * StepContext}, and that the run interrupts only as it ends (no racer, no timeout of their own, not
 * tolerated): an interrupt such a step sees is the caller's, and no onCancel callback of it needs
 * another thread to notice the caller's interrupt.
 */
@Timeout(30)
class CallerRunsStepsTest {
  private static final int[] NONE = {};

  /** Runs {@code body} on a new virtual thread named {@code caller}; what it returned or threw. */
  private static Object onVirtualCaller(Function<Thread, Object> body) throws InterruptedException {
    var outcome = new AtomicReference<Object>();
    Thread caller = Thread.ofVirtual().name("caller").unstarted(() -> {
      try {
        outcome.set(body.apply(Thread.currentThread()));
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    caller.start();
    caller.join();
    return outcome.get();
  }

  private interface Run {
    Object run() throws Exception;
  }

  private static Object rethrowing(Run run) {
    try {
      return run.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aChainFromAVirtualCallerRunsOnTheCallerUnderEachStepsNameAndTheCallerGetsItsNameBack() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> startedOn = new ArrayList<>();
    StepBody<Object> body = (s, in) -> {
      threads.add(Thread.currentThread());
      names.add(Thread.currentThread().getName());
      return names.size();
    };
    var wf = Workflow.builder("com.acme.Chain")
        .takes("a", NONE, NONE).takes("b", NONE, new int[] {0}).takes("c", NONE, new int[] {1})
        .step("a", after(), body)
        .step("b", after(0), body)
        .step("c", after(1), body)
        .build(values(3));
    RunListener listener = event -> {
      if (event instanceof RunEvent.StepStarted started) {
        synchronized (startedOn) {
          startedOn.add(started.thread());
        }
      }
    };
    var nameAfter = new AtomicReference<String>();
    Object result = onVirtualCaller(caller -> rethrowing(() -> {
      var r = wf.run(SERVICE, RunOptions.builder().listener(listener).build());
      nameAfter.set(Thread.currentThread().getName());
      assertEquals(List.of(caller, caller, caller), threads, "every step of the chain ran on the caller");
      return r;
    }));
    assertEquals(List.of(1, 2, 3), result);
    assertEquals(List.of("Chain.a", "Chain.b", "Chain.c"), names);
    assertEquals(List.of("Chain.a", "Chain.b", "Chain.c"), startedOn, "the listener sees the step's name");
    assertEquals("caller", nameAfter.get());
  }

  @Test
  void aFanOutRunsOneStepOnTheCallerAndTheOthersAtTheSameTimeOnTheirOwnThreads() throws Exception {
    var allRunning = new CountDownLatch(3);
    Map<String, Thread> threads = new ConcurrentHashMap<>();
    var b = Workflow.builder("com.acme.Fan");
    for (String step : List.of("x", "y", "z")) {
      b.takes(step, NONE, NONE).step(step, after(), (s, in) -> {
        threads.put(step, Thread.currentThread());
        allRunning.countDown();
        if (!allRunning.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the three steps did not run at the same time");
        }
        return 1;
      });
    }
    var wf = b.build(values(3));
    Object result = onVirtualCaller(caller -> rethrowing(() -> {
      var r = wf.run(SERVICE, RunOptions.defaults());
      assertEquals(1, threads.values().stream().filter(t -> t == caller).count(), "one step on the caller: " + threads);
      assertEquals(3, Set.copyOf(threads.values()).size());
      return r;
    }));
    assertEquals(List.of(1, 1, 1), result);
  }

  @Test
  void onlyStepsWhoseParametersAreKnownWithoutTheirContextAndThatOnlyTheRunsEndInterrupts() throws Exception {
    Map<String, Thread> threads = new ConcurrentHashMap<>();
    Function<String, StepBody<Object>> recording = step -> (s, in) -> {
      threads.put(step, Thread.currentThread());
      return step;
    };
    // Each of these is the only step its run could start first: the caller runs none of them.
    List<Workflow<Object, List<Object>>> notOnTheCaller = List.of(
        Workflow.builder("com.acme.Undeclared") // a hand-built step whose parameters are not declared
            .step("undeclared", after(), recording.apply("undeclared")).build(values(1)),
        Workflow.builder("com.acme.Context")
            .takes("context", NONE, NONE)
            .step("context", after().withContext(), recording.apply("context")).build(values(1)),
        Workflow.builder("com.acme.Timed")
            .takes("timed", NONE, NONE)
            .step("timed", after().timeout(10, TimeUnit.SECONDS), recording.apply("timed")).build(values(1)),
        Workflow.builder("com.acme.Tolerated")
            .takes("tolerated", NONE, NONE)
            .step("tolerated", after().tolerated(), recording.apply("tolerated")).build(values(1)),
        Workflow.builder("com.acme.Race")
            .takes("racer", NONE, NONE)
            .race("race", Wins.FIRST_TO_SETTLE, after())
            .racer(0, "racer", recording.apply("racer")).build(values(1)));
    onVirtualCaller(caller -> rethrowing(() -> {
      for (var wf : notOnTheCaller) {
        wf.run(SERVICE, RunOptions.defaults());
      }
      for (var entry : threads.entrySet()) {
        assertNotSame(caller, entry.getValue(), entry.getKey() + " ran on the caller");
        assertTrue(entry.getValue().isVirtual());
      }
      return null;
    }));
    assertEquals(Set.of("undeclared", "context", "timed", "tolerated", "racer"), threads.keySet());
  }

  @Test
  void neverOnAPlatformCallerNorForRunAsync() throws Exception {
    Map<String, Thread> threads = new ConcurrentHashMap<>();
    var wf = Workflow.builder("com.acme.One")
        .takes("one", NONE, NONE)
        .step("one", after(), (s, in) -> threads.put("one", Thread.currentThread()))
        .build(values(1));
    wf.run(SERVICE, RunOptions.defaults());
    assertNotSame(Thread.currentThread(), threads.get("one"), "a platform caller runs no step");
    onVirtualCaller(caller -> {
      wf.runAsync(SERVICE, RunOptions.defaults()).join();
      assertNotSame(caller, threads.get("one"), "runAsync never blocks, so its caller runs no step");
      return null;
    });
  }

  @Test
  void interruptingTheCallerWhileItRunsAStepCancelsTheRunEvenWhenTheStepWrapsTheInterrupt() throws Exception {
    for (boolean wraps : new boolean[] {false, true}) {
      var bothRunning = new CountDownLatch(2);
      var otherInterrupted = new AtomicBoolean();
      var laterStarted = new AtomicBoolean();
      var callerThread = new AtomicReference<Thread>();
      var onCaller = new AtomicReference<Thread>();
      var wf = Workflow.builder("com.acme.Cancelled")
          .takes("mine", NONE, NONE).takes("other", NONE, NONE).takes("later", NONE, new int[] {0})
          .step("mine", after(), (s, in) -> {
            onCaller.set(Thread.currentThread());
            bothRunning.countDown();
            try {
              new CountDownLatch(1).await(); // until interrupted
            } catch (InterruptedException e) {
              if (wraps) {
                throw new IllegalStateException("gave up", e); // the common catch-and-wrap
              }
              throw e;
            }
            return "never";
          })
          .step("other", after(), (s, in) -> {
            bothRunning.countDown();
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              otherInterrupted.set(true);
              throw e;
            }
            return "never";
          })
          .step("later", after(0), (s, in) -> laterStarted.getAndSet(true))
          .build(values(3));
      var interrupter = Thread.ofPlatform().start(() -> {
        try {
          bothRunning.await();
          callerThread.get().interrupt();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Object outcome = onVirtualCaller(caller -> {
        callerThread.set(caller);
        try {
          return wf.run(SERVICE, RunOptions.defaults());
        } catch (InterruptedException e) {
          assertFalse(Thread.currentThread().isInterrupted(), "InterruptedException clears the flag");
          return e;
        }
      });
      interrupter.join();
      assertInstanceOf(InterruptedException.class, outcome, "wraps=" + wraps + ": " + outcome);
      assertSame(callerThread.get(), onCaller.get(), "the step ran on the caller");
      assertTrue(otherInterrupted.get(), "the step on its own thread was interrupted");
      assertFalse(laterStarted.get(), "nothing starts after the caller gave up");
      assertNull(((InterruptedException) outcome).getCause());
    }
  }

  @Test
  void aCallerInterruptedBetweenTwoStepsStartsNoFurtherStep() throws Exception {
    var secondStarted = new AtomicBoolean();
    var wf = Workflow.builder("com.acme.Between")
        .takes("first", NONE, NONE).takes("second", NONE, new int[] {0})
        .step("first", after(), (s, in) -> {
          Thread.currentThread().interrupt(); // as if the caller were interrupted right as it returned
          return 1;
        })
        .step("second", after(0), (s, in) -> secondStarted.getAndSet(true))
        .build(values(2));
    Object outcome = onVirtualCaller(caller -> {
      try {
        return wf.run(SERVICE, RunOptions.defaults());
      } catch (InterruptedException e) {
        return e;
      }
    });
    assertInstanceOf(InterruptedException.class, outcome);
    assertFalse(secondStarted.get());
  }

  @Test
  void aStepOnTheCallersThreadThatSwallowsTheInterruptHidesItAsAnyCodeOnThatThreadWould() throws Exception {
    // Documented: the interrupt reached the step, which chose to ignore it; the run cannot tell.
    var running = new CountDownLatch(1);
    var callerThread = new AtomicReference<Thread>();
    var wf = Workflow.builder("com.acme.Deaf")
        .takes("deaf", NONE, NONE).takes("next", NONE, new int[] {0})
        .step("deaf", after(), (s, in) -> {
          running.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException swallowed) {
            return "gave in";
          }
          return "never";
        })
        .step("next", after(0), (s, in) -> Thread.currentThread() == callerThread.get())
        .build(values(2));
    var interrupter = Thread.ofPlatform().start(() -> {
      try {
        running.await();
        callerThread.get().interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Object outcome = onVirtualCaller(caller -> {
      callerThread.set(caller);
      return rethrowing(() -> wf.run(SERVICE, RunOptions.defaults()));
    });
    interrupter.join();
    assertEquals(List.of("gave in", true), outcome);
  }

  @Test
  void aFailingStepOnTheCallerFailsTheRunAndTheCallerStillGetsItsName() throws Exception {
    var wf = Workflow.builder("com.acme.Failing")
        .takes("fails", NONE, NONE)
        .step("fails", after(), (s, in) -> {
          throw new IllegalArgumentException("boom");
        })
        .build(values(1));
    var nameAfter = new AtomicReference<String>();
    Object outcome = onVirtualCaller(caller -> {
      try {
        return wf.run(SERVICE, RunOptions.defaults());
      } catch (WorkflowFailedException e) {
        nameAfter.set(Thread.currentThread().getName());
        return e;
      } catch (InterruptedException e) {
        return e;
      }
    });
    var failed = assertInstanceOf(WorkflowFailedException.class, outcome);
    assertEquals("fails", failed.step());
    assertInstanceOf(IllegalArgumentException.class, failed.getCause());
    assertEquals("caller", nameAfter.get());
  }

  @Test
  void anAsyncStepOnTheCallerHandsItsStageOverAndTheCallerWaits() throws Exception {
    var stage = new CompletableFuture<String>();
    var wf = Workflow.builder("com.acme.Async")
        .takes("async", NONE, NONE).takes("after", NONE, new int[] {0})
        .step("async", after().async(), (s, in) -> stage)
        .step("after", after(0), (s, in) -> in.result(0) + "!")
        .build(values(2));
    var completer = Thread.ofVirtual().unstarted(() -> stage.complete("done"));
    Object outcome = onVirtualCaller(caller -> rethrowing(() -> {
      completer.start(); // the caller is in run, or about to be
      return wf.run(SERVICE, RunOptions.defaults());
    }));
    completer.join();
    assertEquals(List.of("done", "done!"), outcome);
  }
}
