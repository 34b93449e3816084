package dev.errands.runtime;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * When a step (or race, or racer) starts and how it is bounded: generated code writes {@code
 * after(USER, POSTS).timeout(2, TimeUnit.SECONDS)}. Immutable; each method returns a new value.
 */
public final class StepOptions {
  private static final int[] NONE = {};
  private static final StepOptions AT_ONCE = new StepOptions(NONE, 0, false);

  private final int[] after;
  private final long timeoutNanos;
  private final boolean async;

  private StepOptions(int[] after, long timeoutNanos, boolean async) {
    this.after = after;
    this.timeoutNanos = timeoutNanos;
    this.async = async;
  }

  /**
   * Starts once the given nodes (steps or races, by index) have succeeded; {@code after()} starts
   * at once.
   */
  public static StepOptions after(int... nodes) {
    return nodes.length == 0 ? AT_ONCE : new StepOptions(nodes.clone(), 0, false);
  }

  /** Fails with a {@link java.util.concurrent.TimeoutException} when it runs longer than this. */
  public StepOptions timeout(long duration, TimeUnit unit) {
    if (duration <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + duration + " " + unit);
    }
    return new StepOptions(after, unit.toNanos(duration), async);
  }

  /**
   * The step's method returns a {@link java.util.concurrent.CompletionStage}: its value is what the
   * stage completes with, and no thread waits for it.
   */
  public StepOptions async() {
    return new StepOptions(after, timeoutNanos, true);
  }

  int[] afterNodes() {
    return after;
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  boolean isAsync() {
    return async;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepOptions other
        && Arrays.equals(after, other.after)
        && timeoutNanos == other.timeoutNanos
        && async == other.async;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(after), timeoutNanos, async);
  }

  @Override
  public String toString() {
    return "after" + Arrays.toString(after)
        + (timeoutNanos > 0 ? " timeout " + Timers.describe(timeoutNanos) : "")
        + (async ? " async" : "");
  }
}
