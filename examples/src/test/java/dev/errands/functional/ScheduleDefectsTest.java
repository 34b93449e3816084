package dev.errands.functional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Race;
import dev.errands.Retry;
import dev.errands.Sequential;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.WorkflowFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The four defects that schedule exploration found in the engine (issue 15), each through an
 * orchestrator generated in this module's build; each test failed before the rules moved into the
 * schedule.
 */
@org.junit.jupiter.api.Timeout(60)
class ScheduleDefectsTest {

  /** A fan-out and the step after it. */
  static class FanOutThenStep {
    final AtomicInteger afterRuns = new AtomicInteger();

    @Parallel
    String shout(@Each String words) {
      return words.toUpperCase();
    }

    @Sequential(after = "shout")
    int count(List<String> shout) {
      afterRuns.incrementAndGet();
      return shout.size();
    }
  }

  @Test
  void aStepAfterAFanOutOverAnEmptyListRunsOnce() throws InterruptedException {
    var service = new FanOutThenStep();
    var result = new ScheduleDefectsTest_FanOutThenStepOrchestrator(service).run(List.of());
    assertEquals(0, result.count());
    assertEquals(List.of(), result.shout());
    assertEquals(1, service.afterRuns.get(), "the step after an empty fan-out ran more than once");
  }

  /** A tolerated fan-out (its dependent takes its Outcome) and the step after it. */
  static class ToleratedFanOutThenStep {
    final AtomicInteger afterRuns = new AtomicInteger();

    @Parallel
    String shout(@Each String words) {
      return words.toUpperCase();
    }

    @Sequential(after = "shout")
    String report(Outcome<List<String>> shout) {
      afterRuns.incrementAndGet();
      return shout.isSuccess() ? "shouted" : "nothing to shout";
    }
  }

  @Test
  void aStepAfterAToleratedFanOutOverNullRunsOnce() throws InterruptedException {
    var service = new ToleratedFanOutThenStep();
    var result = new ScheduleDefectsTest_ToleratedFanOutThenStepOrchestrator(service).run(null);
    assertEquals("nothing to shout", result.report());
    assertInstanceOf(NullPointerException.class, ((Outcome.Failure<?>) result.shout()).cause());
    assertEquals(1, service.afterRuns.get(), "the step after a fan-out over null ran more than once");
  }

  /** A race after a fan-out; its slow racer ends only when interrupted. */
  static class FanOutThenRace {
    final AtomicInteger slowRuns = new AtomicInteger();

    @Parallel
    String shout(@Each String words) {
      return words.toUpperCase();
    }

    @Race(value = "answer", after = "shout")
    String fast() {
      return "fast";
    }

    @Race(value = "answer", after = "shout")
    String slow() throws InterruptedException {
      slowRuns.incrementAndGet();
      new CountDownLatch(1).await(); // until interrupted
      return "slow";
    }
  }

  @Test
  void aRaceAfterAFanOutOverAnEmptyListEndsWhenDecided() throws Exception {
    var service = new FanOutThenRace();
    var result = new ScheduleDefectsTest_FanOutThenRaceOrchestrator(service)
        .runAsync(List.of())
        .get(20, SECONDS); // the run hung, waiting for a second slow racer nothing interrupted
    assertEquals("fast", result.answer());
    assertTrue(service.slowRuns.get() <= 1, "the slow racer ran " + service.slowRuns.get() + " times");
  }

  /** One step whose first attempt fails, retried after a short pause. */
  static class RetriedOnce {
    @Parallel
    @Retry(attempts = 2, delay = 1, unit = TimeUnit.MILLISECONDS)
    String fetch(StepContext context) throws IOException {
      if (context.attempt() == 1) {
        throw new IOException("first attempt");
      }
      return "attempt " + context.attempt();
    }
  }

  /**
   * Runs the first task it is given on the calling thread and then throws, once the retry that
   * task's failure caused has been submitted; runs every later task when told to.
   */
  static final class RunsThenThrows implements Executor {
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch laterSubmitted = new CountDownLatch(1);
    private final List<Runnable> later = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      if (calls.incrementAndGet() == 1) {
        task.run();
        await(laterSubmitted); // the pause ended and the retry was submitted meanwhile
        throw new RejectedExecutionException("ran the task, then threw");
      }
      synchronized (later) {
        later.add(task);
      }
      laterSubmitted.countDown();
    }

    void runLater() {
      List<Runnable> tasks;
      synchronized (later) {
        tasks = List.copyOf(later);
        later.clear();
      }
      tasks.forEach(task -> Thread.ofVirtual().start(task));
    }
  }

  @Test
  void anExecutorThatRunsATaskThenThrowsWhileItsRetryWaitsIsNotARejection() throws Exception {
    var executor = new RunsThenThrows();
    var future = new ScheduleDefectsTest_RetriedOnceOrchestrator(new RetriedOnce(), executor).runAsync();
    executor.runLater(); // the retry, after the executor's throw reached the engine
    assertEquals("attempt 2", future.get(20, SECONDS).fetch(), "the run took the throw of a task that had run for a rejection");
  }

  /** Two independent steps; {@code busy} ends only when the test lets it, interrupted or not. */
  static class BusyAndHandedOff {
    final CountDownLatch busyStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean busyRunning = new AtomicBoolean();

    @Parallel
    String busy() {
      busyRunning.set(true);
      busyStarted.countDown();
      awaitUninterruptibly(release);
      busyRunning.set(false);
      return "busy";
    }

    @Parallel
    String handedOff() {
      return "handed off";
    }
  }

  /** Runs the first task on a thread of its own; hands the second off, then throws. */
  static final class HandsOffThenThrows implements Executor {
    private final CountDownLatch firstStarted;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Runnable handedOff;

    HandsOffThenThrows(CountDownLatch firstStarted) {
      this.firstStarted = firstStarted;
    }

    @Override
    public void execute(Runnable task) {
      if (calls.incrementAndGet() == 1) {
        Thread.ofVirtual().start(task);
        return;
      }
      await(firstStarted);
      handedOff = task;
      throw new RejectedExecutionException("handed the task off, then threw");
    }
  }

  @Test
  void anExecutorThatHandsATaskOffThenThrowsDoesNotEndTheRunWhileAStepRuns() throws Exception {
    var service = new BusyAndHandedOff();
    var executor = new HandsOffThenThrows(service.busyStarted);
    var future = new ScheduleDefectsTest_BusyAndHandedOffOrchestrator(service, executor).runAsync();
    executor.handedOff.run(); // the handed-off task runs after all
    assertFalse(future.isDone(), "the run ended while busy still ran");
    service.release.countDown();
    var failed = assertInstanceOf(WorkflowFailedException.class,
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(20, SECONDS)).getCause());
    assertEquals("handedOff", failed.step());
    assertInstanceOf(RejectedExecutionException.class, failed.getCause());
    assertFalse(service.busyRunning.get());
  }

  @Test
  void theListenerSeesEachEventAloneInTheOrderTheRunDecidedIt() throws InterruptedException {
    var secondAttemptRuns = new CountDownLatch(1);
    var inside = new AtomicBoolean();
    var overlapped = new AtomicBoolean();
    var seen = new ArrayList<String>();
    RunOptions options = RunOptions.builder().listener(event -> {
      if (!inside.compareAndSet(false, true)) {
        overlapped.set(true);
      }
      try {
        synchronized (seen) {
          if (event instanceof RunEvent.StepStarted s) {
            seen.add("started " + s.attempt());
          } else if (event instanceof RunEvent.StepEnded e) {
            seen.add("ended " + e.attempt());
          }
        }
        if (event instanceof RunEvent.StepEnded e && e.attempt() == 1) {
          await(secondAttemptRuns); // the retry starts while this event is being told
        }
      } finally {
        inside.set(false);
      }
    }).build();
    var service = new RetriedOnce() {
      @Override
      String fetch(StepContext context) throws IOException {
        String value = super.fetch(context);
        secondAttemptRuns.countDown();
        return value;
      }
    };
    assertEquals("attempt 2", new ScheduleDefectsTest_RetriedOnceOrchestrator(service, options).run().fetch());
    assertFalse(overlapped.get(), "the listener was called while it was still being called");
    assertEquals(List.of("started 1", "ended 1", "started 2", "ended 2"), seen);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(20, SECONDS), "waited 20 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // a step that ignores interruption, as one stuck in a socket read
      }
    }
  }
}
