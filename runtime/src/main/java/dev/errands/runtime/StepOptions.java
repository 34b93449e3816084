package dev.errands.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * When a step (or race, or racer) starts and how it runs: generated code writes {@code
 * after(USER, POSTS).timeout(2, TimeUnit.SECONDS).retry(3, 100, TimeUnit.MILLISECONDS, 2.0,
 * IOException.class)}. Immutable; each method returns a new value.
 */
public final class StepOptions {
  private static final int[] NONE = {};
  private static final StepOptions AT_ONCE = new StepOptions(NONE, 0, false, false, null, -1, -1, 0, 0);

  private final int[] after;
  private final long timeoutNanos;
  private final boolean async;
  private final boolean tolerated;
  private final RetryPolicy retry; // or null
  private final int eachNode; // the node whose result an @Each step iterates, or -1
  private final int eachInput; // the input an @Each step iterates, or -1
  private final int limit; // at most this many elements at once; 0 for no limit
  private final long hedgeNanos; // a race's racers start this long apart; 0: all at once

  private StepOptions(
      int[] after, long timeoutNanos, boolean async, boolean tolerated, RetryPolicy retry,
      int eachNode, int eachInput, int limit, long hedgeNanos) {
    this.after = after;
    this.timeoutNanos = timeoutNanos;
    this.async = async;
    this.tolerated = tolerated;
    this.retry = retry;
    this.eachNode = eachNode;
    this.eachInput = eachInput;
    this.limit = limit;
    this.hedgeNanos = hedgeNanos;
  }

  /**
   * Starts once the given nodes (steps or races, by index) have succeeded — or settled, for a
   * {@link #tolerated()} one; {@code after()} starts at once.
   */
  public static StepOptions after(int... nodes) {
    return nodes.length == 0 ? AT_ONCE : new StepOptions(nodes.clone(), 0, false, false, null, -1, -1, 0, 0);
  }

  /**
   * Fails with a {@link java.util.concurrent.TimeoutException} when it runs longer than this; with
   * {@link #retry}, each attempt (and with {@link #eachOf}, each element) has this long.
   */
  public StepOptions timeout(long duration, TimeUnit unit) {
    if (duration <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + duration + " " + unit);
    }
    return new StepOptions(after, unit.toNanos(duration), async, tolerated, retry, eachNode, eachInput, limit, hedgeNanos);
  }

  /**
   * The step's method returns a {@link java.util.concurrent.CompletionStage}: its value is what the
   * stage completes with, and no thread waits for it.
   */
  public StepOptions async() {
    return new StepOptions(after, timeoutNanos, true, tolerated, retry, eachNode, eachInput, limit, hedgeNanos);
  }

  /**
   * Its failure does not fail the run: its value, for the steps that wait for it and in the result,
   * is an {@link Outcome}, and they start once it has settled (succeeded or failed).
   */
  public StepOptions tolerated() {
    return new StepOptions(after, timeoutNanos, async, true, retry, eachNode, eachInput, limit, hedgeNanos);
  }

  /**
   * Tries again on failure: {@code attempts} in all; {@code delay} before the second, multiplied by
   * {@code multiplier} before each later one; only failures that are instances of one of {@code
   * on} (all {@link Exception}s when empty). Interruption and cancellation are never retried.
   */
  public StepOptions retry(int attempts, long delay, TimeUnit unit, double multiplier, Class<?>... on) {
    return new StepOptions(after, timeoutNanos, async, tolerated,
        new RetryPolicy(attempts, unit.toNanos(delay), multiplier, List.of(on.length == 0 ? new Class<?>[] {Exception.class} : on)),
        eachNode, eachInput, limit, hedgeNanos);
  }

  /** Runs the step once per element of node {@code node}'s result, an {@code Iterable}. */
  public StepOptions eachOf(int node) {
    return new StepOptions(after, timeoutNanos, async, tolerated, retry, node, -1, limit, hedgeNanos);
  }

  /** Runs the step once per element of input {@code input}, an {@code Iterable}. */
  public StepOptions eachOfInput(int input) {
    return new StepOptions(after, timeoutNanos, async, tolerated, retry, -1, input, limit, hedgeNanos);
  }

  /** With {@link #eachOf}: at most {@code limit} elements at the same time (0: no limit). */
  public StepOptions limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return new StepOptions(after, timeoutNanos, async, tolerated, retry, eachNode, eachInput, limit, hedgeNanos);
  }

  /**
   * For a race: a hedged race, whose racers start one after another in source order, each {@code
   * delay} after the one before it while the race is undecided (0: every racer at once, as without
   * it). Under {@link Wins#FIRST_TO_SUCCEED}, when every racer started so far has failed, the next
   * starts at once. Applies to a race's options only.
   */
  public StepOptions hedge(long delay, TimeUnit unit) {
    if (delay < 0) {
      throw new IllegalArgumentException("hedge delay must not be negative: " + delay + " " + unit);
    }
    return new StepOptions(after, timeoutNanos, async, tolerated, retry, eachNode, eachInput, limit, unit.toNanos(delay));
  }

  /**
   * How a step is retried.
   *
   * @param attempts every attempt, the first included; at least 1
   * @param delayNanos the pause before the second attempt
   * @param multiplier how much longer each later pause is; at least 1
   * @param on what is retried
   */
  public record RetryPolicy(int attempts, long delayNanos, double multiplier, List<Class<?>> on) {
    public RetryPolicy {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
      }
      if (delayNanos < 0) {
        throw new IllegalArgumentException("delay must not be negative: " + delayNanos + " ns");
      }
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1.0: " + multiplier);
      }
      on = List.copyOf(on);
    }

    /** Whether {@code failure} is one that is retried. */
    public boolean retries(Throwable failure) {
      for (Class<?> type : on) {
        if (type.isInstance(failure)) {
          return true;
        }
      }
      return false;
    }

    /** The pause before attempt {@code next} (2 for the first retry). */
    public long delayBefore(int next) {
      double delay = delayNanos * Math.pow(multiplier, next - 2);
      return delay >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) delay;
    }
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

  boolean isTolerated() {
    return tolerated;
  }

  RetryPolicy retryPolicy() {
    return retry;
  }

  int eachNode() {
    return eachNode;
  }

  int eachInput() {
    return eachInput;
  }

  boolean isEach() {
    return eachNode >= 0 || eachInput >= 0;
  }

  int limit() {
    return limit;
  }

  long hedgeNanos() {
    return hedgeNanos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepOptions other
        && Arrays.equals(after, other.after)
        && timeoutNanos == other.timeoutNanos
        && async == other.async
        && tolerated == other.tolerated
        && Objects.equals(retry, other.retry)
        && eachNode == other.eachNode
        && eachInput == other.eachInput
        && limit == other.limit
        && hedgeNanos == other.hedgeNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(after), timeoutNanos, async, tolerated, retry, eachNode, eachInput, limit, hedgeNanos);
  }

  @Override
  public String toString() {
    return "after" + Arrays.toString(after)
        + (timeoutNanos > 0 ? " timeout " + Timers.describe(timeoutNanos) : "")
        + (async ? " async" : "")
        + (tolerated ? " tolerated" : "")
        + (retry != null ? " retry " + retry : "")
        + (eachNode >= 0 ? " each of node " + eachNode : "")
        + (eachInput >= 0 ? " each of input " + eachInput : "")
        + (limit > 0 ? " limit " + limit : "")
        + (hedgeNanos > 0 ? " hedged after " + Timers.describe(hedgeNanos) : "");
  }
}
