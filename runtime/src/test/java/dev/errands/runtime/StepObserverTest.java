package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A StepObserver runs where things happen: the run's start on the caller, each execution on its own thread. */
@Timeout(20)
class StepObserverTest {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>(); // what the observer makes current
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>(); // what a propagator carries

  /** Writes down every call, with the thread it came on. */
  static final class Recorder implements StepObserver {
    final String name;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch exited = new CountDownLatch(1);

    Recorder(String name) {
      this.name = name;
    }

    Recorder() {
      this("");
    }

    private void record(String call) {
      calls.add(name + call);
      threads.add(Thread.currentThread());
    }

    @Override
    public RunObservation startRun(String workflow) {
      record("run " + workflow);
      return new RunObservation() {
        @Override
        public StepObservation startStep(String step, String race, int attempt, int element) {
          String id = step + (race == null ? "" : "@" + race) + "#" + attempt + (element < 0 ? "" : "[" + element + "]");
          record("start " + id + " request=" + REQUEST.get());
          String before = CURRENT.get();
          CURRENT.set(id);
          return new StepObservation() {
            @Override
            public void exit() {
              record("exit " + id);
              CURRENT.set(before);
              exited.countDown();
            }

            @Override
            public void end(RunEvent.Outcome outcome, Throwable failure, boolean won) {
              record("end " + id + " " + outcome + (failure == null ? "" : " " + failure.getMessage()) + (won ? " won" : ""));
            }
          };
        }

        @Override
        public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
          record("run ended " + outcome + (failedStep == null ? "" : " " + failedStep + ": " + failure.getMessage()));
        }
      };
    }
  }

  @Test
  void theRunStartsOnTheCallerEachStepAroundItsBodyOnItsOwnThreadAndEverythingEndsBeforeRunReturns() throws Exception {
    var recorder = new Recorder();
    List<Thread> bodies = Collections.synchronizedList(new ArrayList<>());
    var workflow = Workflow.<Object>builder("com.acme.Observed")
        .step("first", after(), (s, in) -> {
          recorder.calls.add("body first current=" + CURRENT.get());
          bodies.add(Thread.currentThread());
          return 1;
        })
        .step("second", after(0), (s, in) -> {
          recorder.calls.add("body second current=" + CURRENT.get());
          bodies.add(Thread.currentThread());
          return 2;
        })
        .build(in -> in.result(1));
    var options = RunOptions.builder().propagate(ContextPropagator.of(REQUEST)).observe(recorder).build();

    REQUEST.set("r-42");
    Object result;
    try {
      result = workflow.run(new Object(), options);
    } finally {
      REQUEST.remove();
    }

    assertEquals(2, result);
    assertEquals(List.of(
        "run com.acme.Observed",
        "start first#1 request=r-42", "body first current=first#1", "exit first#1", "end first#1 SUCCEEDED",
        "start second#1 request=r-42", "body second current=second#1", "exit second#1", "end second#1 SUCCEEDED",
        "run ended SUCCEEDED"), recorder.calls, "in order, and all before run returned");
    assertSame(Thread.currentThread(), recorder.threads.get(0), "the run starts on the caller's thread");
    // threads: [run, start first, exit first, end first, start second, exit second, end second, run ended]
    assertSame(bodies.get(0), recorder.threads.get(1), "startStep on the step's thread");
    assertSame(bodies.get(0), recorder.threads.get(2), "exit on the step's thread");
    assertSame(bodies.get(1), recorder.threads.get(4));
    assertSame(bodies.get(1), recorder.threads.get(5));
    assertFalse(bodies.contains(Thread.currentThread()), "steps run on virtual threads of their own");
  }

  @Test
  void eachAttemptAndEachElementIsAnExecutionOfItsOwn() throws Exception {
    var recorder = new Recorder();
    var failures = new java.util.concurrent.atomic.AtomicInteger();
    var workflow = Workflow.<Object>builder("com.acme.Observed", "words")
        .step("flaky", after().retry(3, 0, TimeUnit.MILLISECONDS, 1.0, IOException.class), (s, in) -> {
          if (failures.incrementAndGet() < 3) {
            throw new IOException("try " + failures.get());
          }
          return "ok";
        })
        .step("lengths", after(0).eachOfInput(0), (s, in) -> ((String) in.element()).length())
        .build(in -> in.result(1));

    Object result = workflow.run(new Object(), RunOptions.builder().observe(recorder).build(), List.of("a", "bb"));

    assertEquals(List.of(1, 2), result);
    List<String> ends = recorder.calls.stream().filter(c -> c.startsWith("end ")).sorted().toList();
    assertEquals(List.of(
        "end flaky#1 FAILED try 1", "end flaky#2 FAILED try 2", "end flaky#3 SUCCEEDED",
        "end lengths#1[0] SUCCEEDED", "end lengths#1[1] SUCCEEDED"), ends);
    assertEquals(5, recorder.calls.stream().filter(c -> c.startsWith("start ")).count());
  }

  @Test
  void aFailedStepEndsFailedWithItsExceptionAndSoDoesTheRun() {
    var recorder = new Recorder();
    var workflow = Workflow.<Object>builder("com.acme.Observed")
        .step("broken", after(), (s, in) -> {
          throw new IllegalStateException("boom");
        })
        .build(in -> null);

    var e = assertThrows(WorkflowFailedException.class, () -> workflow.run(new Object(), RunOptions.builder().observe(recorder).build()));

    assertEquals("broken", e.step());
    assertEquals(List.of("run com.acme.Observed", "start broken#1 request=null", "exit broken#1",
        "end broken#1 FAILED boom", "run ended FAILED broken: boom"), recorder.calls);
  }

  @Test
  void aRaceWinnerWonAndItsLoserIsCancelledNotFailed() throws Exception {
    var recorder = new Recorder();
    var loserStarted = new CountDownLatch(1);
    var workflow = Workflow.<Object>builder("com.acme.Observed")
        .race("fetch", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "slow", (s, in) -> {
          loserStarted.countDown();
          new CountDownLatch(1).await(); // until the race is decided and it is interrupted
          return "slow";
        })
        .racer(0, "fast", (s, in) -> {
          loserStarted.await();
          return "fast";
        })
        .build(in -> in.result(0));

    assertEquals("fast", workflow.run(new Object(), RunOptions.builder().observe(recorder).build()));

    List<String> ends = recorder.calls.stream().filter(c -> c.startsWith("end ")).sorted().toList();
    assertEquals(List.of("end fast@fetch#1 SUCCEEDED won", "end slow@fetch#1 CANCELLED"), ends);
    assertEquals("run ended SUCCEEDED", recorder.calls.getLast());
  }

  @Test
  void aRacerWhoseTimeoutDecidesItsRaceWonItAndFailed() {
    var recorder = new Recorder();
    var workflow = Workflow.<Object>builder("com.acme.Observed")
        .race("fetch", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "late", after().timeout(10, TimeUnit.MILLISECONDS), (s, in) -> {
          new CountDownLatch(1).await(); // until its timeout interrupts it
          return "late";
        })
        .racer(0, "stuck", (s, in) -> {
          new CountDownLatch(1).await(); // until the race is decided and it is interrupted
          return "stuck";
        })
        .build(in -> in.result(0));

    var e = assertThrows(WorkflowFailedException.class, () -> workflow.run(new Object(), RunOptions.builder().observe(recorder).build()));

    assertEquals("late", e.step());
    List<String> ends = recorder.calls.stream().filter(c -> c.startsWith("end ")).sorted().toList();
    assertEquals(2, ends.size(), () -> String.valueOf(recorder.calls));
    assertTrue(ends.get(0).startsWith("end late@fetch#1 FAILED ") && ends.get(0).endsWith(" won"), ends.get(0));
    assertEquals("end stuck@fetch#1 CANCELLED", ends.get(1));
  }

  @Test
  void anAsynchronousStepExitsWhenItsMethodReturnsAndEndsWhenItsStageCompletes() throws Exception {
    var recorder = new Recorder();
    var stage = new CompletableFuture<String>();
    var returned = new CountDownLatch(1);
    ExecutorService foreign = Executors.newSingleThreadExecutor();
    try {
      var workflow = Workflow.<Object>builder("com.acme.Observed")
          .step("remote", after().async(), (s, in) -> {
            returned.countDown();
            return stage;
          })
          .build(in -> in.result(0));
      var future = workflow.runAsync(new Object(), RunOptions.builder().observe(recorder).build());
      returned.await();
      recorder.exited.await();
      assertFalse(recorder.calls.stream().anyMatch(c -> c.startsWith("end ")), "not ended while the stage is pending");

      foreign.execute(() -> stage.complete("answer"));

      assertEquals("answer", future.get());
      assertEquals(List.of("run com.acme.Observed", "start remote#1 request=null", "exit remote#1",
          "end remote#1 SUCCEEDED", "run ended SUCCEEDED"), recorder.calls);
    } finally {
      foreign.shutdownNow();
    }
  }

  @Test
  void observersNestTheFirstOutermostAndOneThatThrowsBreaksNothing() throws Exception {
    var outer = new Recorder("outer ");
    var inner = new Recorder("inner ");
    List<String> all = Collections.synchronizedList(new ArrayList<>());
    StepObserver broken = workflow -> new StepObserver.RunObservation() {
      @Override
      public StepObserver.StepObservation startStep(String step, String race, int attempt, int element) {
        throw new IllegalStateException("broken observer");
      }

      @Override
      public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
        throw new IllegalStateException("broken observer");
      }
    };
    var workflow = Workflow.<Object>builder("com.acme.Observed")
        .step("only", after(), (s, in) -> {
          all.add("body");
          return "done";
        })
        .build(in -> in.result(0));
    var options = RunOptions.builder().observe(outer).observe(broken).observe(inner).observe(w -> null).build();

    assertEquals("done", workflow.run(new Object(), options));

    assertEquals(List.of("outer run com.acme.Observed", "outer start only#1 request=null", "outer exit only#1",
        "outer end only#1 SUCCEEDED", "outer run ended SUCCEEDED"), outer.calls);
    assertEquals(List.of("inner run com.acme.Observed", "inner start only#1 request=null", "inner exit only#1",
        "inner end only#1 SUCCEEDED", "inner run ended SUCCEEDED"), inner.calls);
    assertEquals(List.of("body"), all);
    assertNull(CURRENT.get());
  }

  @Test
  void withoutAnObserverOrAPropagatorARunCarriesNothing() {
    var workflow = Workflow.<Object>builder("com.acme.Observed").step("only", after(), (s, in) -> null).build(in -> null);
    assertNull(CapturedContext.capture(RunOptions.defaults(), workflow), "nothing captured, nothing to call");
    assertTrue(RunOptions.defaults().observers().isEmpty());
    var withPropagatorOnly = CapturedContext.capture(RunOptions.builder().propagate(ContextPropagator.of(REQUEST)).build(), workflow);
    assertFalse(withPropagatorOnly.observed());
  }
}
