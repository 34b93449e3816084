package dev.errands.runtime;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the JVM for timeouts. Its thread is a virtual thread, so waiting for the next
 * deadline holds no platform thread; cancelled timers leave the queue at once.
 *
 * <p>The timer's thread never runs an action itself: it starts each on a virtual thread of its own.
 * An action winds a run down, which cancels users' stages and completes the future of {@code
 * runAsync}, and their callbacks run on the thread that does so; one callback that blocks must not
 * hold up every other timeout in the JVM.
 */
final class Timers {
  private Timers() {}

  /**
   * Where a run's timeouts and retry pauses come from: the JVM's timer ({@link #JVM}), or, in the
   * runtime's own tests, one a test fires by hand.
   */
  @FunctionalInterface
  interface Source {
    /** Runs {@code action} once {@code nanos} have passed, unless the future is cancelled first. */
    Future<?> schedule(Runnable action, long nanos);
  }

  static final Source JVM = Timers::schedule;

  private static final class Holder {
    static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private static ScheduledThreadPoolExecutor create() {
      var scheduler =
          new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("errands-timer").factory());
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  /**
   * Runs {@code action} on a new virtual thread once {@code nanos} have passed. Cancelling the
   * future keeps it from starting; an action that has started checks by itself, under its run's
   * lock, whether it still applies.
   */
  static Future<?> schedule(Runnable action, long nanos) {
    Runnable handOff = () -> Thread.ofVirtual().name("errands-timeout").start(action);
    return Holder.SCHEDULER.schedule(handOff, nanos, TimeUnit.NANOSECONDS);
  }

  /** How many timers wait in the queue; for tests that check nothing is left behind. */
  static int pending() {
    return Holder.SCHEDULER.getQueue().size();
  }

  /** Describes a duration as a user wrote it: "2 s", "300 ms". */
  static String describe(long nanos) {
    if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + " s";
    if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + " ms";
    if (nanos % 1_000L == 0) return nanos / 1_000L + " µs";
    return nanos + " ns";
  }
}
