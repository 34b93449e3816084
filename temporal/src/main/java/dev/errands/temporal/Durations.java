package dev.errands.temporal;

import java.time.Duration;

/** Durations as the in-process engine writes them in messages: {@code 800 ms}, {@code 2 s}. */
final class Durations {
  private Durations() {}

  static String describe(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + " s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + " ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + " µs";
    }
    return nanos + " ns";
  }

  static String describe(Duration d) {
    return describe(d.toNanos());
  }
}
