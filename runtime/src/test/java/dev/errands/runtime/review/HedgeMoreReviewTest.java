package dev.errands.runtime.review;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepObserver;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reviewer's probes of hedged races with racer timeouts, asynchronous racers, observers, onCancel. */
@Timeout(60)
class HedgeMoreReviewTest {
  static final String SVC = "dev.errands.review.Svc";
  static final Object SERVICE = new Object();

  /**
   * CONTRACT: under FIRST_TO_SUCCEED, when every racer started so far has failed, the next starts at
   * once; @Retry: an attempt past its @Timeout fails with a TimeoutException. A primary that times out
   * (its racer @Timeout) must start the mirror at once, not a minute later; the mirror's thread is
   * named after it and its StepStarted too.
   */
  @Test
  void aRacerTimingOutStartsTheNextAtOnce() throws Exception {
    var watch = new Watch();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", after().timeout(50, TimeUnit.MILLISECONDS), (s, in) -> {
          new CountDownLatch(1).await();
          return "primary";
        })
        .racer(0, "mirror", after().timeout(50, TimeUnit.SECONDS), (s, in) -> Thread.currentThread().getName())
        .build(in -> in.result(0));
    long t0 = System.nanoTime();
    Object name = wf.run(SERVICE, RunOptions.builder().listener(watch).build());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the mirror waited for its turn");
    assertTrue(String.valueOf(name).endsWith(".mirror"), "mirror ran on " + name);
    watch.awaitEnded();
    assertTrue(watch.started("mirror").get(0).thread().endsWith(".mirror"), watch.started("mirror").toString());
    assertEquals(RunEvent.Outcome.FAILED, watch.endedOf("primary").get(0).outcome());
  }

  /**
   * CONTRACT: an asynchronous racer counts as running until its stage completes; the next racer is
   * due hedgeAfter after it started; once the mirror wins, the primary's stage is cancelled and the
   * backup never starts.
   */
  @Test
  void anAsynchronousPrimaryIsHedgedAndItsStageCancelled() throws Exception {
    var watch = new Watch();
    var stage = new CompletableFuture<Object>();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(30, TimeUnit.MILLISECONDS))
        .racer(0, "primary", after().async(), (s, in) -> stage)
        .racer(0, "mirror", (s, in) -> "mirror")
        .racer(0, "backup", (s, in) -> "backup")
        .build(in -> in.result(0));
    assertEquals("mirror", wf.run(SERVICE, RunOptions.builder().listener(watch).build()));
    assertTrue(stage.isCancelled(), "the loser's stage was cancelled");
    watch.awaitEnded();
    assertEquals(List.of("backup"), watch.decided().get(0).neverStarted());
    assertEquals(0, watch.started("backup").size());
  }

  /**
   * CONTRACT StepObserver: each racer's execution is observed; a racer that never started has no
   * observation at all (no startStep, no end). FIRST_TO_SUCCEED: primary fails, mirror (whose wait
   * is dropped) starts at once and wins; the backup never starts.
   */
  @Test
  void anObserverSeesOnlyRacersThatStarted() throws Exception {
    var seen = new ConcurrentLinkedQueue<String>();
    StepObserver observer = workflow -> new StepObserver.RunObservation() {
      @Override
      public StepObserver.StepObservation startStep(String step, String race, int attempt, int element) {
        seen.add("start:" + step + "#" + attempt);
        return (outcome, failure, won) -> seen.add("end:" + step + ":" + outcome + (won ? ":won" : ""));
      }

      @Override
      public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
        seen.add("run:" + outcome);
      }
    };
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          throw new java.io.IOException("down");
        })
        .racer(0, "mirror", (s, in) -> "mirror")
        .racer(0, "backup", (s, in) -> "backup")
        .build(in -> in.result(0));
    assertEquals("mirror", wf.run(SERVICE, RunOptions.builder().observe(observer).build()));
    var list = List.copyOf(seen);
    assertTrue(list.stream().noneMatch(s -> s.contains("backup")), list.toString());
    assertEquals(1, list.stream().filter(s -> s.startsWith("start:mirror")).count(), list.toString());
    assertEquals(1, list.stream().filter(s -> s.startsWith("end:mirror")).count(), list.toString());
    assertTrue(list.contains("end:mirror:SUCCEEDED:won"), list.toString());
    assertTrue(list.contains("start:mirror#1"), list.toString());
  }

  /**
   * CONTRACT StepContext.onCancel: callbacks run when the step is cancelled (race lost), each before
   * run completes. A hedged primary that loses to the mirror runs its callback before run returns.
   */
  @Test
  void aHedgedLosersOnCancelRunsBeforeRunReturns() throws Exception {
    for (int i = 0; i < 50; i++) {
      var called = new CountDownLatch(1);
      var registered = new CountDownLatch(1);
      var w = Workflow.builder(SVC)
          .race("fetch", Wins.FIRST_TO_SETTLE, after().hedge(1, TimeUnit.MILLISECONDS))
          .racer(0, "primary", (s, in) -> {
            in.context().onCancel(called::countDown);
            registered.countDown();
            new CountDownLatch(1).await();
            return "primary";
          })
          .racer(0, "mirror", (s, in) -> {
            registered.await(); // wins only once the primary's callback is registered
            return "mirror";
          })
          .build(in -> in.result(0));
      assertEquals("mirror", w.run(SERVICE, RunOptions.defaults()));
      assertEquals(0, called.getCount(), "onCancel had not run when run returned, run " + i);
    }
  }

  /**
   * CONTRACT Cancellation + Hedged races: if the thread in run is interrupted, every running step is
   * interrupted, run waits for them, then throws InterruptedException; the wait before a racer ends
   * (it never starts) and its timer is not left queued.
   */
  @Test
  void interruptingTheCallerDuringTheWaitEndsIt() throws Exception {
    int before = Watch.pendingTimers();
    var primaryRunning = new CountDownLatch(1);
    var mirrorStarts = new java.util.concurrent.atomic.AtomicInteger();
    var primaryEnded = new java.util.concurrent.atomic.AtomicBoolean();
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SUCCEED, after().hedge(60, TimeUnit.SECONDS))
        .racer(0, "primary", (s, in) -> {
          try {
            primaryRunning.countDown();
            new CountDownLatch(1).await();
            return "primary";
          } finally {
            primaryEnded.set(true);
          }
        })
        .racer(0, "mirror", (s, in) -> mirrorStarts.incrementAndGet())
        .build(in -> in.result(0));
    var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    var caller = Thread.ofVirtual().start(() -> {
      try {
        wf.run(SERVICE, RunOptions.defaults());
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    assertTrue(primaryRunning.await(10, TimeUnit.SECONDS));
    caller.interrupt();
    caller.join(java.time.Duration.ofSeconds(10));
    assertTrue(!caller.isAlive(), "run did not return");
    assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    assertTrue(primaryEnded.get(), "run returned before the primary ended");
    assertEquals(0, mirrorStarts.get());
    assertTrue(Watch.awaitPendingAtMost(before) <= before, "the mirror's timer was left queued");
  }
}
