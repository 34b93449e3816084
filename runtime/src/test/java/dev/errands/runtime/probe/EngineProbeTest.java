package dev.errands.runtime.probe;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.StepInput;
import dev.errands.runtime.WorkflowFailedException;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reviewer's probes of the in-process engine after the perf (fast path) and observe merges. */
@Timeout(120)
class EngineProbeTest {
  static final Object SVC = new Object();
  final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutdown() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  /** A pool whose threads are checked before and after each task for a stray interrupt flag. */
  Executor checkedPool(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    pools.add(pool);
    return r -> pool.execute(() -> {
      if (Thread.currentThread().isInterrupted()) errors.add("pool thread interrupted before a task");
      r.run();
      if (Thread.interrupted()) errors.add("pool thread left interrupted after a task");
      if (CheckingObserver.CURRENT.get() != null) errors.add("observation left current after a task: " + CheckingObserver.CURRENT.get());
    });
  }

  /** At a step's entry: interrupted only when the run has cancelled it. */
  void checkEntry(StepInput in) {
    boolean interrupted = Thread.currentThread().isInterrupted();
    StepContext ctx = in.context();
    if (interrupted && !ctx.isCancelled()) errors.add("step " + ctx.step() + " entered with a stray interrupt on " + Thread.currentThread());
    String current = CheckingObserver.CURRENT.get();
    if (current != null && !current.startsWith(ctx.step() + "#" + ctx.attempt())) {
      errors.add("observer current " + current + " but step is " + ctx.step() + "#" + ctx.attempt());
    }
  }

  static Object block() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the user restores the flag, as advised
    }
    return "lost";
  }

  // ---------------------------------------------------------------------------------------------

  /** A race loser that restores its interrupt and returns; the winner's chain successors run on. */
  @Test
  void raceLosersInterruptNeverReachesAChainSuccessor() throws Exception {
    Executor one = checkedPool(1);
    for (Executor ex : new Executor[] {null, one, checkedPool(2), checkedPool(3)}) {
      for (int i = 0; i < 300; i++) {
        CountDownLatch slowStarted = new CountDownLatch(1);
        boolean waitForSlow = ex != one && (ex == null || i % 2 == 0);
        var b = Workflow.<Object>builder("probe.RaceChain");
        b.race("race", Wins.FIRST_TO_SETTLE, after());
        if (ex == one) {
          b.racer(0, "fast", (s, in) -> { checkEntry(in); return "won"; });
          b.racer(0, "slow", (s, in) -> { checkEntry(in); slowStarted.countDown(); return block(); });
        } else {
          b.racer(0, "slow", (s, in) -> { checkEntry(in); slowStarted.countDown(); return block(); });
          b.racer(0, "fast", (s, in) -> { checkEntry(in); if (waitForSlow) slowStarted.await(5, TimeUnit.SECONDS); return "won"; });
        }
        for (int k = 1; k <= 6; k++) {
          b.step("s" + k, after(k - 1), (s, in) -> { checkEntry(in); return "v"; });
        }
        var wf = b.build(in -> in.result(6));
        var obs = new CheckingObserver();
        RunOptions.Builder o = RunOptions.builder();
        if (ex != null) o.executor(ex);
        if (i % 3 == 0) o.observe(obs);
        assertEquals("v", wf.run(SVC, o.build()));
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Runs failing while a chain goes on the fast path: no stray interrupt, no observation left open. */
  @Test
  void failureDuringAFastChain() throws Exception {
    for (Executor ex : new Executor[] {null, checkedPool(2), checkedPool(1)}) {
      for (int i = 0; i < 400; i++) {
        int spins = ThreadLocalRandom.current().nextInt(0, 20_000);
        var running = new AtomicInteger();
        var b = Workflow.<Object>builder("probe.FailChain");
        b.step("boom", after(), (s, in) -> { for (int k = 0; k < spins; k++) Thread.onSpinWait(); throw new IOException("boom"); });
        for (int k = 1; k <= 30; k++) {
          int dep = k == 1 ? -1 : k;
          b.step("c" + k, dep < 0 ? after() : after(k - 1 + 0), (s, in) -> {
            running.incrementAndGet();
            try {
              checkEntry(in);
              return 1;
            } finally {
              running.decrementAndGet();
            }
          });
        }
        var wf = b.build(in -> null);
        var obs = new CheckingObserver();
        RunOptions.Builder o = RunOptions.builder().observe(obs);
        if (ex != null) o.executor(ex);
        try {
          wf.run(SVC, o.build());
          fail("should fail");
        } catch (WorkflowFailedException e) {
          assertEquals("boom", e.step());
          assertInstanceOf(IOException.class, e.getCause());
        }
        assertEquals(0, running.get(), "a step still runs after run threw");
        assertTrue(obs.last().ended, "RunObservation.end not called before run threw");
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Attempt and element numbers seen by the step, the observer and the listener agree. */
  @Test
  void attemptsAndElementsAgree() throws Exception {
    for (Executor ex : new Executor[] {null, checkedPool(2), checkedPool(1), Runnable::run}) {
      for (int i = 0; i < 100; i++) {
        var events = new ConcurrentLinkedQueue<String>();
        var b = Workflow.<Object>builder("probe.Numbers");
        b.step("list", after(), (s, in) -> List.of(0, 1, 2, 3, 4));
        b.step("each", after(0).eachOf(0).limit(2).retry(3, 0, TimeUnit.MILLISECONDS, 1.0), (s, in) -> {
          checkEntry(in);
          int el = (Integer) in.element();
          int attempt = in.context().attempt();
          String cur = CheckingObserver.CURRENT.get();
          if (cur != null && !cur.equals("each#" + attempt + "[" + el + "]")) errors.add("each: observer " + cur + " vs attempt " + attempt + " element " + el);
          if (attempt <= el % 3) throw new IOException("again " + el);
          return el * 10;
        });
        b.step("retried", after(1).retry(4, 1, TimeUnit.MILLISECONDS, 1.0), (s, in) -> {
          checkEntry(in);
          if (in.context().attempt() < 3) throw new IOException("retry");
          return in.context().attempt();
        });
        var wf = b.build(in -> List.of(in.result(1), in.result(2)));
        var obs = new CheckingObserver();
        RunOptions.Builder o = RunOptions.builder().observe(obs);
        if (i % 2 == 0) o.listener(ev -> {
          if (ev instanceof RunEvent.StepStarted st) events.add(st.step() + "#" + st.attempt() + (st.element() < 0 ? "" : "[" + st.element() + "]"));
        });
        if (ex != null) o.executor(ex);
        Object r = wf.run(SVC, o.build());
        assertEquals(List.of(List.of(0, 10, 20, 30, 40), 3), r);
        if (i % 2 == 0) {
          var fromObserver = new java.util.TreeSet<>(obs.last().started.keySet());
          assertEquals(fromObserver, new java.util.TreeSet<>(events), "listener and observer disagree");
        }
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Cancelled during a retry pause: the next attempt never starts, the run ends. */
  @Test
  void cancelDuringRetryPauseStartsNothing() throws Exception {
    for (int i = 0; i < 10; i++) {
      var attempts = new AtomicInteger();
      CountDownLatch secondStarted = new CountDownLatch(1);
      CountDownLatch firstEnded = new CountDownLatch(1);
      var b = Workflow.<Object>builder("probe.Pause");
      b.step("p", after().retry(3, 40, TimeUnit.MILLISECONDS, 1.0).timeout(5, TimeUnit.SECONDS), (s, in) -> {
        if (attempts.incrementAndGet() > 1) secondStarted.countDown();
        throw new IOException("fail " + in.context().attempt());
      });
      var wf = b.build(in -> null);
      var obs = new CheckingObserver();
      var o = RunOptions.builder().observe(obs).listener(ev -> {
        if (ev instanceof RunEvent.StepEnded) firstEnded.countDown();
      }).build();
      CompletableFuture<Object> f = wf.runAsync(SVC, o);
      assertTrue(firstEnded.await(5, TimeUnit.SECONDS));
      f.cancel(true);
      assertTrue(obs.last().endedLatch.await(5, TimeUnit.SECONDS), "run never ended after a cancel during a pause");
      assertEquals(RunEvent.Outcome.CANCELLED, obs.last().outcome);
      // A non-event: bounded wait past the pause (40 ms).
      assertFalse(secondStarted.await(150, TimeUnit.MILLISECONDS), "attempt 2 started after the run was cancelled");
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** A step @Timeout shorter than the retry pause: the timeout must not fire during the pause. */
  @Test
  void timeoutShorterThanPauseDoesNotFireDuringThePause() throws Exception {
    for (int i = 0; i < 10; i++) {
      var b = Workflow.<Object>builder("probe.PauseTimeout");
      b.step("p", after().retry(3, 60, TimeUnit.MILLISECONDS, 1.0).timeout(20, TimeUnit.MILLISECONDS), (s, in) -> {
        int a = in.context().attempt();
        if (a == 1) block(); // times out
        if (a == 2) throw new IOException("second");
        return a;
      });
      var wf = b.build(in -> in.result(0));
      var obs = new CheckingObserver();
      assertEquals(3, wf.run(SVC, RunOptions.builder().observe(obs).build()));
      assertEquals(3, obs.last().started.size());
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** The run's deadline passes during a retry pause. */
  @Test
  void runDeadlineDuringPause() throws Exception {
    for (int i = 0; i < 10; i++) {
      var b = Workflow.<Object>builder("probe.Deadline").timeout(30, TimeUnit.MILLISECONDS);
      CountDownLatch second = new CountDownLatch(1);
      b.step("p", after().retry(3, 200, TimeUnit.MILLISECONDS, 1.0), (s, in) -> {
        if (in.context().attempt() > 1) second.countDown();
        throw new IOException("x");
      });
      var wf = b.build(in -> null);
      var obs = new CheckingObserver();
      try {
        wf.run(SVC, RunOptions.builder().observe(obs).build());
        fail();
      } catch (WorkflowFailedException e) {
        assertEquals("p", e.step());
        assertInstanceOf(TimeoutException.class, e.getCause());
      }
      assertTrue(obs.last().ended);
      assertFalse(second.await(250, TimeUnit.MILLISECONDS), "attempt 2 after the run's deadline");
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Odd executors

  Workflow<Object, Object> mixed(AtomicInteger running) {
    var b = Workflow.<Object>builder("probe.Mixed");
    b.step("a", after(), (s, in) -> track(running, in, () -> List.of(1, 2, 3)));
    b.step("e", after(0).eachOf(0).limit(2), (s, in) -> track(running, in, () -> in.element()));
    b.race("race", Wins.FIRST_TO_SUCCEED, after(0));
    b.racer(2, "r1", (s, in) -> track(running, in, () -> "r1"));
    b.racer(2, "r2", (s, in) -> track(running, in, () -> "r2"));
    b.step("c1", after(1, 2), (s, in) -> track(running, in, () -> 1));
    b.step("c2", after(3), (s, in) -> track(running, in, () -> 2));
    b.step("c3", after(4), (s, in) -> track(running, in, () -> 3));
    return b.build(in -> in.result(5));
  }

  interface Body {
    Object get() throws Throwable;
  }

  Object track(AtomicInteger running, StepInput in, Body body) throws Throwable {
    running.incrementAndGet();
    try {
      checkEntry(in);
      return body.get();
    } finally {
      running.decrementAndGet();
    }
  }

  @Test
  void oddExecutorsEndEveryRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    pools.add(pool);
    for (int mode = 0; mode < 4; mode++) {
      for (int i = 0; i < 300; i++) {
        int m = mode;
        int n = ThreadLocalRandom.current().nextInt(1, 12);
        var count = new AtomicInteger();
        Executor ex = r -> {
          int c = count.incrementAndGet();
          switch (m) {
            case 0 -> { if (c >= n) throw new RejectedExecutionException("full"); pool.execute(r); }
            case 1 -> { r.run(); if (c == n) throw new RejectedExecutionException("ran, then threw"); }
            case 2 -> { pool.execute(r); if (c == n) throw new RejectedExecutionException("handed off, then threw"); }
            default -> { if (c % 2 == 0) r.run(); else pool.execute(r); if (c == n) throw new IllegalStateException("odd"); }
          }
        };
        var running = new AtomicInteger();
        var obs = new CheckingObserver();
        var events = new ConcurrentLinkedQueue<RunEvent>();
        RunOptions.Builder o = RunOptions.builder().executor(ex).observe(obs);
        if (i % 2 == 0) o.listener(events::add);
        var wf = mixed(running);
        CompletableFuture<Object> f = wf.runAsync(SVC, o.build());
        try {
          f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertInstanceOf(WorkflowFailedException.class, e.getCause());
        } catch (TimeoutException e) {
          fail("hang: mode " + m + " n " + n + " events " + events);
        }
        assertEquals(0, running.get(), "a step still runs after the future completed (mode " + m + ")");
        assertTrue(obs.last().ended, "future completed before RunObservation.end");
        if (i % 2 == 0) {
          long starts = events.stream().filter(ev -> ev instanceof RunEvent.StepStarted).count();
          long ends = events.stream().filter(ev -> ev instanceof RunEvent.StepEnded).count();
          assertEquals(starts, ends, "listener: starts vs ends, mode " + m + " n " + n + " " + events);
          assertTrue(events.stream().reduce((x, y) -> y).orElseThrow() instanceof RunEvent.RunEnded);
        }
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Cancellation storms

  Workflow<Object, Object> longChain(AtomicInteger running, int length) {
    var b = Workflow.<Object>builder("probe.Chain");
    b.step("fan", after(), (s, in) -> track(running, in, () -> List.of(1, 2, 3, 4)));
    b.step("each", after(0).eachOf(0), (s, in) -> track(running, in, () -> {
      if ((Integer) in.element() == 4) return block();
      return 0;
    }));
    for (int k = 2; k < length; k++) {
      int dep = k == 2 ? 0 : k - 1;
      b.step("c" + k, after(dep).retry(2, 0, TimeUnit.MILLISECONDS, 1.0), (s, in) -> track(running, in, () -> {
        if (ThreadLocalRandom.current().nextInt(8) == 0) throw new IOException("retry me");
        return 1;
      }));
    }
    return b.build(in -> null);
  }

  @Test
  void cancellationStormOnRunAsync() throws Exception {
    for (Executor ex : new Executor[] {null, checkedPool(4), checkedPool(1)}) {
      var all = new ArrayList<CompletableFuture<Object>>();
      var obsAll = new ArrayList<CheckingObserver>();
      var counters = new ArrayList<AtomicInteger>();
      for (int i = 0; i < 300; i++) {
        var running = new AtomicInteger();
        var obs = new CheckingObserver();
        RunOptions.Builder o = RunOptions.builder().observe(obs);
        if (ex != null) o.executor(ex);
        var f = longChain(running, 40).runAsync(SVC, o.build());
        int spins = ThreadLocalRandom.current().nextInt(0, 50_000);
        for (int k = 0; k < spins; k++) Thread.onSpinWait();
        f.cancel(true);
        all.add(f);
        obsAll.add(obs);
        counters.add(running);
      }
      for (int i = 0; i < all.size(); i++) {
        assertTrue(all.get(i).isDone());
        assertTrue(obsAll.get(i).last().endedLatch.await(10, TimeUnit.SECONDS), "run " + i + " never ended after cancel");
        assertEquals(0, counters.get(i).get(), "step still running after RunObservation.end");
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void interruptStormOnRun() throws Exception {
    for (Executor ex : new Executor[] {null, checkedPool(3)}) {
      for (int i = 0; i < 300; i++) {
        var running = new AtomicInteger();
        var obs = new CheckingObserver();
        RunOptions.Builder o = RunOptions.builder().observe(obs);
        if (ex != null) o.executor(ex);
        var wf = longChain(running, 30);
        var outcome = new CompletableFuture<String>();
        Thread caller = Thread.ofVirtual().start(() -> {
          try {
            wf.run(SVC, o.build());
            outcome.complete("returned");
          } catch (InterruptedException e) {
            var last = obs.last(); // null: interrupted before run() began, nothing started
            outcome.complete(running.get() == 0 && (last == null || last.ended) ? "interrupted" : "interrupted with " + running.get() + " running, ended=" + last.ended);
          } catch (WorkflowFailedException e) { // it failed before the interrupt: fine, when it has ended
            outcome.complete(running.get() == 0 && obs.last().ended ? "interrupted" : "failed with " + running.get() + " running");
          } catch (Throwable t) {
            outcome.complete("threw " + t);
          }
        });
        int spins = ThreadLocalRandom.current().nextInt(0, 50_000);
        for (int k = 0; k < spins; k++) Thread.onSpinWait();
        caller.interrupt();
        String r;
        try {
          r = outcome.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException t) {
          var file = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "probe-hang-" + System.nanoTime() + ".txt");
          java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
              .dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
          throw new AssertionError("run() hung after an interrupt (i=" + i + ", ex=" + ex + ", running=" + running.get()
              + ", started=" + obs.last().started + ", ended=" + obs.last().ended + "); threads in " + file, t);
        }
        assertEquals("interrupted", r);
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Thread names on the fast path and after a stage completes: Svc.<step> on virtual threads. */
  @Test
  void threadNamesFollowTheStep() throws Exception {
    for (int i = 0; i < 200; i++) {
      var b = Workflow.<Object>builder("probe.Names");
      for (int k = 0; k < 5; k++) {
        String name = "n" + k;
        b.step(name, k == 0 ? after() : after(k - 1), (s, in) -> {
          if (!Thread.currentThread().getName().equals("Names." + name)) errors.add(name + " ran on " + Thread.currentThread().getName());
          return 1;
        });
      }
      b.step("async", after(4).async(), (s, in) -> CompletableFuture.supplyAsync(() -> 5));
      b.step("after", after(5), (s, in) -> {
        if (!Thread.currentThread().getName().equals("Names.after")) errors.add("after ran on " + Thread.currentThread().getName());
        return 6;
      });
      var wf = b.build(in -> in.result(6));
      var o = RunOptions.builder();
      if (i % 2 == 0) o.observe(new CheckingObserver());
      assertEquals(6, wf.run(SVC, o.build()));
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Async steps cancelled by a failure: every observation ends before run() throws. */
  @Test
  void asyncStepsCancelledByAFailure() throws Exception {
    for (Executor ex : new Executor[] {null, checkedPool(2)}) {
      for (int i = 0; i < 300; i++) {
        var b = Workflow.<Object>builder("probe.Async");
        b.step("pending", after().async(), (s, in) -> new CompletableFuture<Object>());
        var gate = new CompletableFuture<Object>(); // completed by boom as it fails: the stage's end races the failure
        b.step("gated", after().async(), (s, in) -> gate.thenApply(x -> 1));
        int spins = ThreadLocalRandom.current().nextInt(0, 20_000);
        b.step("boom", after(), (s, in) -> { for (int k = 0; k < spins; k++) Thread.onSpinWait(); gate.complete(null); throw new IOException("boom"); });
        var wf = b.build(in -> null);
        var obs = new CheckingObserver();
        var o = RunOptions.builder().observe(obs);
        if (ex != null) o.executor(ex);
        try {
          wf.run(SVC, o.build());
          fail();
        } catch (WorkflowFailedException e) {
          assertEquals("boom", e.step());
        }
        assertTrue(obs.last().ended);
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /**
   * A step that returns with its thread's interrupt flag set, without the run having cancelled it:
   * its successor, taken up on the same thread, started interrupted and failed — only when it happens
   * to run on that thread (the flag was cleared only for cancelled executions, Run.ended).
   */
  @Test
  void aStepsOwnInterruptFlagDoesNotReachItsSuccessor() throws Exception {
    var b = Workflow.<Object>builder("probe.OwnFlag");
    b.step("a", after(), (s, in) -> {
      Thread.currentThread().interrupt(); // e.g. a library that swallowed and restored an interrupt
      return 1;
    });
    b.step("b", after(0), (s, in) -> {
      Thread.sleep(1); // any blocking call
      return 2;
    });
    var wf = b.build(in -> in.result(1));
    assertEquals(2, wf.run(SVC, RunOptions.defaults()), "b failed with the interrupt a left behind (virtual threads)");
    assertEquals(2, wf.run(SVC, RunOptions.of(checkedPool(1))), "b failed with the interrupt a left behind (a pool of one)");
  }
}
