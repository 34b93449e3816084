package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19 (first written as a reviewer's probes): an Execution object reused for the next step of
 * a chain on the same thread, a thread renamed only when its step changes, Outbox.claimEnd.
 */
@Timeout(60)
class ExecutionReuseTest {
  static final String SVC = "dev.errands.review.Chain";
  static final Object SERVICE = new Object();
  static final int LENGTH = 60;

  /** A chain s0 -> s1 -> ... whose step i runs {@code body(i)}; the result is the last step's. */
  interface Body {
    Object call(int i, dev.errands.runtime.StepInput in) throws Throwable;
  }

  static Workflow<Object, Object> chain(int length, Body body, java.util.function.IntFunction<dev.errands.runtime.StepOptions> extra) {
    var b = Workflow.builder(SVC);
    for (int i = 0; i < length; i++) {
      int k = i;
      var opts = i == 0 ? after() : after(i - 1);
      var more = extra == null ? null : extra.apply(i);
      b.step("s" + i, more != null ? more : opts, (s, in) -> body.call(k, in));
    }
    return b.build(in -> in.result(length - 1));
  }

  /**
   * CONTRACT StepContext: "stays the step's own, for as long as anyone keeps it" (StepInput javadoc).
   * A step that keeps its StepContext after it returned must still see its own step name, attempt 1,
   * not cancelled — while the chain after it runs on the same thread, and after the run.
   */
  @Test
  void aKeptStepContextStaysTheStepsOwn() throws Exception {
    Map<Integer, StepContext> kept = new ConcurrentHashMap<>();
    var errors = new ConcurrentLinkedQueue<String>();
    var wf = chain(LENGTH, (i, in) -> {
      if (i % 5 == 0) kept.put(i, in.context());
      for (var e : kept.entrySet()) { // every kept context, read from later steps
        if (!e.getValue().step().equals("s" + e.getKey())) errors.add("s" + e.getKey() + " reads as " + e.getValue().step());
        if (e.getValue().attempt() != 1) errors.add("s" + e.getKey() + " attempt " + e.getValue().attempt());
        if (e.getValue().isCancelled()) errors.add("s" + e.getKey() + " cancelled");
      }
      return i;
    }, null);
    for (var options : List.of(RunOptions.defaults(), RunOptions.of(Runnable::run))) {
      kept.clear();
      assertEquals(LENGTH - 1, wf.run(SERVICE, options));
      for (var e : kept.entrySet()) {
        assertEquals("s" + e.getKey(), e.getValue().step());
        assertEquals(1, e.getValue().attempt());
        assertFalse(e.getValue().isCancelled());
      }
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /**
   * CONTRACT RunEvent/StepContext: each StepStarted/StepEnded names its step, attempt and element,
   * and StepContext.attempt() is 1 for the first — in a long chain where most steps never take their
   * context (reused objects) and some are retried, on default threads, a direct executor and one
   * pool thread.
   */
  @Test
  void eventsAndAttemptsInALongChainWithReuse() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      for (var ex : new java.util.concurrent.Executor[] {null, Runnable::run, one}) {
        var tries = new ConcurrentHashMap<Integer, AtomicInteger>();
        var errors = new ConcurrentLinkedQueue<String>();
        var wf = chain(LENGTH, (i, in) -> {
          int n = tries.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
          if (i % 7 == 3) { // these take their context, and check it
            var ctx = in.context();
            if (!ctx.step().equals("s" + i) || ctx.attempt() != n) errors.add("s" + i + " sees " + ctx.step() + "#" + ctx.attempt() + " on try " + n);
          }
          if (i % 4 == 1 && n == 1) throw new IOException("first try of s" + i);
          if (i > 0 && !Integer.valueOf(i - 1).equals(in.result(i - 1))) errors.add("s" + i + " read " + in.result(i - 1));
          return i;
        }, i -> i % 4 == 1 ? (i == 0 ? after() : after(i - 1)).retry(2, 0, TimeUnit.MILLISECONDS, 1.0, IOException.class) : null);
        var watch = new Watch();
        var b = RunOptions.builder().listener(watch);
        if (ex != null) b.executor(ex);
        assertEquals(LENGTH - 1, wf.run(SERVICE, b.build()));
        watch.awaitEnded();
        assertTrue(errors.isEmpty(), errors.toString());
        for (int i = 0; i < LENGTH; i++) {
          var expectedAttempts = i % 4 == 1 ? List.of(1, 2) : List.of(1);
          assertEquals(expectedAttempts, watch.started("s" + i).stream().map(RunEvent.StepStarted::attempt).toList(), "s" + i);
          assertEquals(expectedAttempts, watch.endedOf("s" + i).stream().map(RunEvent.StepEnded::attempt).toList(), "s" + i);
          for (var s : watch.started("s" + i)) assertEquals(-1, s.element());
          if (ex == null) { // on virtual threads, each named after the running step
            for (var s : watch.started("s" + i)) assertTrue(s.thread().endsWith(".s" + i), s.thread() + " for s" + i);
            for (var s : watch.endedOf("s" + i)) assertTrue(s.thread().endsWith(".s" + i), s.thread() + " for s" + i);
          }
        }
      }
    } finally {
      one.shutdownNow();
    }
  }

  /**
   * CONTRACT @Each: the method runs once per element, the value a list in element order; each
   * StepStarted names its element. With limit 1 the elements run one after another on one thread,
   * each reusing the last one's object: each must still see its own element.
   */
  @Test
  void eachElementSeesItsOwnElementWhenObjectsAreReused() throws Exception {
    var items = IntStream.range(0, 50).boxed().toList();
    for (var ex : new java.util.concurrent.Executor[] {null, Runnable::run}) {
      var wf = Workflow.builder(SVC, "items")
          .step("each", after().eachOfInput(0).limit(1), (s, in) -> "e" + in.element())
          .step("next", after(0), (s, in) -> ((List<?>) in.result(0)).size())
          .build(in -> in.result(0));
      var watch = new Watch();
      var b = RunOptions.builder().listener(watch);
      if (ex != null) b.executor(ex);
      Object got = wf.run(SERVICE, b.build(), items);
      assertEquals(items.stream().map(i -> "e" + i).toList(), got);
      watch.awaitEnded();
      assertEquals(items, watch.started("each").stream().map(RunEvent.StepStarted::element).toList());
      assertEquals(items, watch.endedOf("each").stream().map(RunEvent.StepEnded::element).toList());
    }
  }

  /**
   * CONTRACT Behaviour of a run: the thread runs steps of the run; the engine names its virtual
   * threads after the running step (Svc.step), so a step reading its own thread's name must see its
   * own step, however many steps ran on that thread before.
   */
  @Test
  void threadNamesFollowTheStepInAChain() throws Exception {
    var errors = new ConcurrentLinkedQueue<String>();
    var threads = ConcurrentHashMap.<Thread>newKeySet();
    var wf = chain(LENGTH, (i, in) -> {
      threads.add(Thread.currentThread());
      String name = Thread.currentThread().getName();
      if (!name.endsWith(".s" + i)) errors.add("s" + i + " ran on a thread named " + name);
      return i;
    }, null);
    for (int r = 0; r < 20; r++) {
      assertEquals(LENGTH - 1, wf.run(SERVICE, RunOptions.defaults()));
    }
    assertTrue(errors.isEmpty(), errors.toString());
    assertTrue(threads.size() < 20 * LENGTH, "a chain runs on a thread per step: no reuse at all");
  }

  /**
   * A step that sets its own thread's interrupt flag and returns (a user restoring an interrupt it
   * swallowed) must not leave it for the next step on that thread: the next step would be
   * spuriously interrupted though its run cancelled nothing.
   */
  @Test
  void anInterruptFlagLeftByAStepNeverReachesTheNextStepOnTheSameThread() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      for (var ex : new java.util.concurrent.Executor[] {null, one}) {
        var errors = new ConcurrentLinkedQueue<String>();
        var wf = chain(LENGTH, (i, in) -> {
          if (Thread.currentThread().isInterrupted()) errors.add("s" + i + " entered interrupted");
          if (i % 2 == 0) Thread.currentThread().interrupt();
          return i;
        }, null);
        assertEquals(LENGTH - 1, wf.run(SERVICE, ex == null ? RunOptions.defaults() : RunOptions.of(ex)));
        assertTrue(errors.isEmpty(), errors.toString());
      }
    } finally {
      one.shutdownNow();
    }
  }

  /**
   * CONTRACT Seeing a run: each step that ends commits one dev.errands.Step event with its workflow,
   * step and outcome: one per step of a chain, with its own name.
   */
  @Test
  void oneFlightRecorderEventPerStepOfAChain() throws Exception {
    var wf = chain(LENGTH, (i, in) -> i, null);
    Path file = Files.createTempFile("review-chain", ".jfr");
    try {
      try (var recording = new Recording()) {
        recording.enable("dev.errands.Step").withoutThreshold();
        recording.start();
        for (var options : List.of(RunOptions.defaults(), RunOptions.of(Runnable::run))) {
          assertEquals(LENGTH - 1, wf.run(SERVICE, options));
        }
        recording.stop();
        recording.dump(file);
      }
      List<String> steps = new ArrayList<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        if (e.getEventType().getName().equals("dev.errands.Step") && SVC.equals(e.getString("workflow"))) {
          assertEquals("SUCCEEDED", e.getString("outcome"));
          steps.add(e.getString("step"));
        }
      }
      var expected = new ArrayList<String>();
      for (int r = 0; r < 2; r++) for (int i = 0; i < LENGTH; i++) expected.add("s" + i);
      assertEquals(expected.stream().sorted().toList(), steps.stream().sorted().toList());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Outbox.claimEnd: the thread that ends the last step ends the run; run returns only once the
   * step has ended, and a listener sees RunEnded after the last StepEnded — in many short runs.
   */
  @Test
  void theLastStepsThreadEndsTheRunAfterItsStepEnded() throws Exception {
    var wf = chain(3, (i, in) -> i, null);
    for (int r = 0; r < 2000; r++) {
      var last = new AtomicReference<String>();
      var order = new ConcurrentLinkedQueue<String>();
      var options = RunOptions.builder().listener(e -> {
        if (e instanceof RunEvent.StepEnded s) order.add("end:" + s.step());
        if (e instanceof RunEvent.RunEnded) order.add("run");
      }).build();
      assertEquals(2, wf.run(SERVICE, r % 2 == 0 ? options : RunOptions.defaults()));
      if (r % 2 == 0) {
        assertEquals(List.of("end:s0", "end:s1", "end:s2", "run"), new ArrayList<>(order), "run " + r);
      }
    }
  }
}
