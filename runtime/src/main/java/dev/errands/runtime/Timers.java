package dev.errands.runtime;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the JVM for timeouts. Its thread is a virtual thread, so waiting for the next
 * deadline holds no platform thread; cancelled timers leave the queue at once.
 */
final class Timers {
  private Timers() {}

  private static final class Holder {
    static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private static ScheduledThreadPoolExecutor create() {
      var scheduler =
          new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("errands-timer").factory());
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  static Future<?> schedule(Runnable action, long nanos) {
    return Holder.SCHEDULER.schedule(action, nanos, TimeUnit.NANOSECONDS);
  }

  /** Describes a duration as a user wrote it: "2 s", "300 ms". */
  static String describe(long nanos) {
    if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + " s";
    if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + " ms";
    if (nanos % 1_000L == 0) return nanos / 1_000L + " µs";
    return nanos + " ns";
  }
}
