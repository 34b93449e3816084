package dev.errands.runtime.schedule;

import java.util.List;
import java.util.Objects;

/**
 * What a step run once per element ({@code @Each}) iterates: the elements of its source, copied by
 * the engine outside any lock (iterating is the user's code), or why there are none to iterate —
 * the source was {@code null}, or its iterator threw. A step over a source that failed fails (or,
 * tolerated, settles) with that failure, without running.
 *
 * @param values the elements, in order, or null when {@code failure} is set
 * @param failure why the source could not be iterated, or null
 */
public record Elements(List<?> values, Throwable failure) {
  public Elements {
    if ((values == null) == (failure == null)) {
      throw new IllegalArgumentException("either values or a failure: " + values + ", " + failure);
    }
  }

  public static Elements of(List<?> values) {
    return new Elements(Objects.requireNonNull(values, "values"), null);
  }

  public static Elements failed(Throwable failure) {
    return new Elements(null, Objects.requireNonNull(failure, "failure"));
  }
}
