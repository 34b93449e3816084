package dev.errands.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the steps of a hand-built workflow: which started (and how often), which are running,
 * which were interrupted, on which threads, and in what order things happened.
 */
final class Probe {
  /** The service class of every test workflow; steps get threads named {@code Svc.<step>}. */
  static final String SVC = "dev.errands.test.Svc";

  static final Object SERVICE = new Object();

  /** A step's work; it sees the results and inputs of its run. */
  @FunctionalInterface
  interface Work {
    Object call(StepInput in) throws Throwable;
  }

  /** "start:a", "end:a", in the order they happened. */
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final Set<Thread> allThreads = ConcurrentHashMap.newKeySet();

  /**
   * Wraps {@code work} as the body of step {@code name}: counts its start, notes its thread, and
   * counts it as interrupted when it ends with an {@link InterruptedException}.
   */
  StepBody<Object> step(String name, Work work) {
    return (service, in) -> {
      Thread me = Thread.currentThread();
      threads.put(name, me);
      allThreads.add(me);
      starts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      running.add(name);
      log.add("start:" + name);
      try {
        return work.call(in);
      } catch (InterruptedException e) {
        interrupted.add(name);
        throw e;
      } finally {
        running.remove(name);
        log.add("end:" + name);
      }
    };
  }

  /** A step that sleeps {@code millis} (to simulate work), then returns {@code value}. */
  StepBody<Object> sleeps(String name, long millis, Object value) {
    return step(name, in -> {
      Thread.sleep(millis);
      return value;
    });
  }

  /** Notes that step {@code name} saw an interrupt that it handled itself. */
  void interrupted(String name) {
    interrupted.add(name);
  }

  int starts(String name) {
    AtomicInteger n = starts.get(name);
    return n == null ? 0 : n.get();
  }

  int totalStarts() {
    return starts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The steps running now, sorted. */
  Set<String> running() {
    return new TreeSet<>(running);
  }

  /** The steps that were interrupted, sorted. */
  Set<String> interrupted() {
    return new TreeSet<>(interrupted);
  }

  Thread thread(String name) {
    return threads.get(name);
  }

  Set<Thread> threads() {
    return Set.copyOf(allThreads);
  }

  List<String> log() {
    return new ArrayList<>(log);
  }

  /** Where {@code entry} is in the log; fails when it is not there. */
  int indexOf(String entry) {
    int i = log().indexOf(entry);
    assertFalse(i < 0, entry + " is not in " + log());
    return i;
  }

  /** Asserts that no step is running now. */
  void assertNoneRunning() {
    assertEquals(Set.of(), running(), "steps still running");
  }

  /** Asserts that every thread that ran a step terminates soon: nothing is left behind. */
  void assertThreadsEnd() throws InterruptedException {
    for (Thread t : allThreads) {
      t.join(Duration.ofSeconds(5));
      assertFalse(t.isAlive(), t + " is still alive");
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Helpers for building workflows

  /** A result factory that gives the results of nodes {@code 0 .. nodes-1}, nulls included. */
  static ResultFactory<List<Object>> values(int nodes) {
    return in -> {
      Object[] values = new Object[nodes];
      for (int n = 0; n < nodes; n++) {
        values[n] = in.result(n);
      }
      return Arrays.asList(values);
    };
  }

  /**
   * Keeps running for {@code millis} whatever interrupts arrive, as a step stuck in an
   * uninterruptible call would; notes each interrupt it swallows for {@code name}.
   */
  void ignoreInterruptsFor(String name, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted(name);
      }
    }
  }

  static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
