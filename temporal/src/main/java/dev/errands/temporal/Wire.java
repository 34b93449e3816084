package dev.errands.temporal;

import dev.errands.runtime.FailedElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What crosses Temporal, as payloads. Every user value (an input, a step's result, an element) sits
 * in a field declared {@code Object}, so that the {@link ErrandsDataConverter} writes its class next
 * to it and it comes back as the same class. Public only so that Jackson can build them; not API.
 */
public final class Wire {
  private Wire() {}

  /** The workflow's arguments: its inputs, in the order {@code run} takes them. */
  public record RunArgs(List<Object> inputs) {}

  /**
   * One step's (racer's, element's) arguments: all workflow inputs, the results of the nodes its
   * node waits for (null elsewhere; a {@link Settled} for a tolerated node), and the element of a
   * fan-out, and which attempt of its {@code @Retry} this is (1 for the first; a worker lost
   * mid-step does not count).
   */
  public record StepArgs(List<Object> inputs, List<Object> results, Object element, int attempt) {}

  /** A step's (racer's, element's) value. */
  public record Value(Object value) {}

  /** How a tolerated node settled: its value, or its error. */
  public record Settled(boolean success, Object value, StepError error) {}

  /** The values of every node of a successful run (null for a void step, {@link Settled} when tolerated). */
  public record RunResult(List<Object> results) {}

  /** Why a run failed: the failing step, racer or race, and what it threw. */
  public record RunFailure(String step, StepError cause) {}

  /**
   * An exception, as far as it crosses: its class name, its message, its suppressed exceptions; for
   * the marker of a failed fan-out element, its 0-based index ({@code -1} otherwise).
   */
  public record StepError(String type, String message, List<StepError> suppressed, int element) {
    static final String FAILED_ELEMENT = "dev.errands.runtime.FailedElement";

    public StepError {
      suppressed = suppressed == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(suppressed));
    }

    /**
     * What crosses for {@code t}: a step's exception on a worker, or a run's failure in the workflow,
     * where a {@link RemoteStepException} stands for what a step threw and a {@link FailedElement}
     * marks a fan-out's failed element.
     */
    static StepError of(Throwable t) {
      var suppressed = new ArrayList<StepError>();
      for (Throwable s : t.getSuppressed()) {
        suppressed.add(of(s));
      }
      if (t instanceof RemoteStepException remote) {
        return new StepError(remote.type(), remote.getMessage(), suppressed, -1);
      }
      if (t instanceof FailedElement element) {
        return new StepError(FAILED_ELEMENT, element.getMessage(), suppressed, element.index());
      }
      return new StepError(t.getClass().getName(), t.getMessage(), suppressed, -1);
    }
  }
}
