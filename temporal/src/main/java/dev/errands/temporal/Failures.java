package dev.errands.temporal;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.WorkflowView;
import dev.errands.temporal.Wire.Settled;
import dev.errands.temporal.Wire.StepError;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** Turns what crossed Temporal back into what in-process callers and steps see. */
final class Failures {
  private Failures() {}

  /** The exception {@code error} stands for; {@code step} names the step, for a fan-out element's marker. */
  static Throwable toThrowable(StepError error, String step) {
    Throwable t;
    if (error.element() >= 0 && StepError.FAILED_ELEMENT.equals(error.type())) {
      t = WorkflowView.failedElement(step, error.element());
    } else if (TimeoutException.class.getName().equals(error.type())) {
      t = new TimeoutException(error.message());
    } else {
      t = new RemoteStepException(error.type(), error.message());
    }
    for (StepError s : error.suppressed()) {
      t.addSuppressed(toThrowable(s, step));
    }
    return t;
  }

  /** A node's value as steps and the result record see it: an {@link Outcome} for a tolerated node. */
  static Object toValue(Object wire, String step) {
    return toValue(wire, step, UnaryOperator.identity());
  }

  /** The same, the value read by {@code read} (as its declared type, see {@link Values}). */
  static Object toValue(Object wire, String step, UnaryOperator<Object> read) {
    if (wire instanceof Settled settled) {
      return settled.success()
          ? Outcome.success(read.apply(settled.value()))
          : Outcome.failure(toThrowable(settled.error(), step));
    }
    return read.apply(wire);
  }
}
