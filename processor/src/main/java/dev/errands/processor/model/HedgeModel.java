package dev.errands.processor.model;

import java.util.concurrent.TimeUnit;

/**
 * The {@code hedgeAfter} and {@code hedgeUnit} of a racer's {@code @Race}, as written (or their
 * defaults): how long after one racer started the next one starts, while the race is undecided.
 *
 * @param after the delay, in {@code unit}s; 0, the default, for every racer at once
 * @param unit the unit of {@code after}
 */
public record HedgeModel(long after, TimeUnit unit) {

  /** The longest delay the runtime can hold, in nanoseconds, in {@code unit}s: {@code toNanos} saturates past it. */
  public static long longest(TimeUnit unit) {
    return unit.convert(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /** Whether its racers start one after another: a delay above 0. */
  public boolean isHedged() {
    return after > 0;
  }

  /** The delay as a user would say it: "20 ms", "2 s". */
  public String describe() {
    return TimeoutModel.describe(after, unit);
  }

  /** As written in {@code @Race}: "hedgeAfter = 20, hedgeUnit = MILLISECONDS". */
  public String asWritten() {
    return "hedgeAfter = " + after + ", hedgeUnit = " + unit.name();
  }
}
