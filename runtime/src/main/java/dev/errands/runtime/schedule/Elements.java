package dev.errands.runtime.schedule;

import java.util.ArrayList;
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
  /**
   * The elements of {@code source} (an {@code Iterable}), copied in order, or why there are none: a
   * null source, or an iterator that threw. This runs the user's {@code Iterable}: call it outside
   * any lock.
   *
   * @param of the name of what iterates it, for the message of a null source
   */
  public static Elements iterate(Object source, String of) {
    try {
      if (source == null) {
        throw new NullPointerException("the elements of '" + of + "' are null");
      }
      List<Object> elements = new ArrayList<>();
      ((Iterable<?>) source).forEach(elements::add);
      return of(elements);
    } catch (Throwable x) {
      return failed(x);
    }
  }

  /**
   * Per workflow input, its elements where some task of {@code graph} runs once per element of it,
   * for {@link Schedule}'s constructor: null elsewhere, and null altogether when no task does.
   */
  public static Elements[] ofInputs(Graph graph, List<?> inputs) {
    Elements[] elements = null;
    for (int t = 0; t < graph.tasks(); t++) {
      int input = graph.eachInput(t);
      if (input >= 0) {
        if (elements == null) {
          elements = new Elements[inputs.size()];
        }
        if (elements[input] == null) {
          elements[input] = iterate(inputs.get(input), graph.taskName(t));
        }
      }
    }
    return elements;
  }
}
