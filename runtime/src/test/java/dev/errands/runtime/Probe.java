package dev.errands.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.errands.runtime.RunEvent.RaceDecided;
import dev.errands.runtime.RunEvent.RunEnded;
import dev.errands.runtime.RunEvent.RunStarted;
import dev.errands.runtime.RunEvent.StepEnded;
import dev.errands.runtime.RunEvent.StepStarted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Watches the steps of a hand-built workflow: which started (and how often), which are running,
 * which were interrupted, on which threads, and in what order things happened. As a {@link
 * RunListener} ({@link #options()}) it also sees the run's events.
 *
 * <p>This is where tests synchronise with the steps they watch: a test (or a step) waits for what
 * it needs to have happened ({@link #awaitLog}, {@link #awaitEvent}, {@link #meet}), and a step that
 * must keep running until it is cancelled blocks until it is interrupted ({@link #blocks}) rather
 * than sleeping "long enough". Every wait is bounded by {@link #PATIENCE} and fails when it runs
 * out, so a test that waits for something that never happens fails instead of hanging.
 */
final class Probe implements RunListener {
  /** The service class of every test workflow; steps get threads named {@code Svc.<step>}. */
  static final String SVC = "dev.errands.test.Svc";

  static final Object SERVICE = new Object();

  /** How long any wait of a test lasts before it fails: far longer than anything it waits for. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  /** A step's work; it sees the results and inputs of its run. */
  @FunctionalInterface
  interface Work {
    Object call(StepInput in) throws Throwable;
  }

  /** "start:a", "end:a", and what the test noted, in the order they happened. */
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  /** The run's events as {@link #line} gives them, in the order the listener saw them. */
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

  private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final Set<Thread> allThreads = ConcurrentHashMap.newKeySet();

  /**
   * Signalled whenever anything above changes: a lock rather than a monitor, so that no virtual
   * thread that waits here pins its carrier (as Object.wait does on JDK 21).
   */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * Wraps {@code work} as the body of step {@code name}: counts its start, notes its thread, and
   * counts it as interrupted when it ends with an {@link InterruptedException}. All of it is noted
   * before the work begins, so a test that saw "start:a" sees all that a's start changed.
   */
  StepBody<Object> step(String name, Work work) {
    return (service, in) -> {
      Thread me = Thread.currentThread();
      threads.put(name, me);
      allThreads.add(me);
      starts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      running.add(name);
      note("start:" + name);
      try {
        return work.call(in);
      } catch (InterruptedException e) {
        interrupted(name);
        throw e;
      } finally {
        running.remove(name);
        note("end:" + name);
      }
    };
  }

  /** A step that blocks until it is interrupted: it can only end by being cancelled or timed out. */
  StepBody<Object> blocks(String name) {
    return step(name, in -> {
      blockUntilInterrupted();
      throw new AssertionError("unreachable");
    });
  }

  /** A step that {@linkplain #meet meets} the others counting down {@code all}, then returns {@code value}. */
  StepBody<Object> meets(String name, CountDownLatch all, Object value) {
    return step(name, in -> {
      meet(all);
      return value;
    });
  }

  /** Blocks the calling thread until it is interrupted, then throws {@link InterruptedException}. */
  static void blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
  }

  /**
   * Blocks until the calling step is interrupted, notes that {@code name} was, and returns the
   * interrupt: for a step that handles its cancellation itself (returns anyway, throws something
   * else).
   */
  InterruptedException awaitInterrupt(String name) {
    try {
      blockUntilInterrupted();
      throw new AssertionError("unreachable");
    } catch (InterruptedException e) {
      interrupted(name);
      return e;
    }
  }

  /**
   * Counts down {@code all} and waits until every other party has too: a step that gets past this
   * ran at the same time as all the others. Fails after {@link #PATIENCE}.
   */
  static void meet(CountDownLatch all) throws InterruptedException, TimeoutException {
    all.countDown();
    if (!all.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(all.getCount() + " parties never arrived: they did not run at the same time");
    }
  }

  /** Notes that step {@code name} saw an interrupt that it handled itself. */
  void interrupted(String name) {
    interrupted.add(name);
    changed();
  }

  /** Notes {@code entry} in the log ("returned", "thrown"), to compare with where the steps' entries are. */
  void note(String entry) {
    log.add(entry);
    changed();
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
      t.join(PATIENCE);
      assertFalse(t.isAlive(), t + " is still alive");
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Waiting for what must have happened

  /** Waits until {@code entry} ("start:a", "end:a", a note) is in the log. */
  void awaitLog(String entry) throws InterruptedException {
    awaitUntil(entry + " in the log " + log, () -> log.contains(entry));
  }

  /** Waits until step {@code name} has been interrupted (and noted it). */
  void awaitInterrupted(String name) throws InterruptedException {
    awaitUntil(name + " interrupted", () -> interrupted.contains(name));
  }

  /** Waits until the listener has seen the event {@code line} ("StepEnded a FAILED", see {@link #line}). */
  void awaitEvent(String line) throws InterruptedException {
    awaitUntil(line + " in the events " + events, () -> events.contains(line));
  }

  private void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long left = PATIENCE.toNanos();
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (left <= 0) {
          throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
        }
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private void changed() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asserts that {@code future} is still pending after a short while: for a future that must wait
   * for something the test has not let happen yet, so it can never be done here unless it is wrong.
   */
  static void assertStillPending(Future<?> future) {
    assertThrows(TimeoutException.class, () -> future.get(100, TimeUnit.MILLISECONDS), "completed too early");
  }

  // -----------------------------------------------------------------------------------------------
  // The run's events

  /** Options whose listener is this probe. */
  RunOptions options() {
    return RunOptions.builder().listener(this).build();
  }

  /** Options whose listener is this probe and then {@code also}. */
  RunOptions options(RunListener also) {
    return RunOptions.builder().listener(event -> {
      onEvent(event);
      also.onEvent(event);
    }).build();
  }

  @Override
  public void onEvent(RunEvent event) {
    events.add(line(event));
    changed();
  }

  /** The events this probe has seen as listener, as {@link #line} gives them. */
  List<String> events() {
    return new ArrayList<>(events);
  }

  /** "RunStarted", "StepStarted a", "StepEnded a SUCCEEDED", "RaceDecided r a true", "RunEnded FAILED a". */
  static String line(RunEvent event) {
    return switch (event) {
      case RunStarted s -> "RunStarted";
      case StepStarted s -> "StepStarted " + s.step();
      case StepEnded s -> "StepEnded " + s.step() + " " + s.outcome();
      case RaceDecided d -> "RaceDecided " + d.race() + " " + d.winner() + " " + d.succeeded();
      case RunEnded r -> "RunEnded " + r.outcome() + (r.failedStep() == null ? "" : " " + r.failedStep());
    };
  }

  // -----------------------------------------------------------------------------------------------
  // Executors

  /**
   * An executor that hands each task to {@code delegate} and keeps count of them, so that a test
   * can wait until every task it was given has finished, without polling.
   */
  static final class Tasks implements Executor {
    private final Executor delegate;
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Phaser unfinished = new Phaser(1); // the test's party, plus one per unfinished task

    Tasks(Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      unfinished.register();
      submitted.incrementAndGet();
      try {
        delegate.execute(() -> {
          running.incrementAndGet();
          try {
            task.run();
          } finally {
            running.decrementAndGet();
            unfinished.arriveAndDeregister();
          }
        });
      } catch (RuntimeException | Error e) {
        unfinished.arriveAndDeregister();
        throw e;
      }
    }

    /** How many tasks were handed over so far. */
    int submitted() {
      return submitted.get();
    }

    /** How many tasks are running now. */
    int running() {
      return running.get();
    }

    /** Waits until every task handed over so far has finished; fails after {@link #PATIENCE}. */
    void awaitAllFinished() throws InterruptedException {
      int phase = unfinished.arrive();
      try {
        unfinished.awaitAdvanceInterruptibly(phase, PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError((unfinished.getRegisteredParties() - 1) + " tasks given to the executor never finished");
      }
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
   * uninterruptible call would; notes each interrupt it swallows for {@code name}. For a step that
   * must outlast the moment its run would end if the engine did not wait for it: the time is the
   * behaviour under test, and a run that waits for it, as it must, passes whatever the scheduling.
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

  /**
   * Keeps running until {@code release} is counted down, whatever interrupts arrive, noting each
   * interrupt it swallows for {@code name}; gives up after {@link #PATIENCE}.
   */
  void ignoreInterruptsUntil(String name, CountDownLatch release) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (release.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted(name);
      }
    }
  }
}
