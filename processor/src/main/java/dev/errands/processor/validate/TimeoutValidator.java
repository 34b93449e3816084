package dev.errands.processor.validate;

import static dev.errands.processor.scan.Annotations.writtenOrNull;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.TimeoutModel;
import dev.errands.processor.model.WorkflowModel;
import javax.lang.model.element.Element;

/** The {@code @Timeout} of the class and of each step: a duration above zero. */
final class TimeoutValidator implements Validator {
  private final Reporter reporter;

  TimeoutValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    model.timeout().ifPresent(t -> check(t, model.service(), "the workflow " + model.service().getSimpleName()));
    for (StepModel step : model.steps()) {
      step.timeout().ifPresent(t -> check(t, step.method(), "step '" + step.name() + "'"));
    }
  }

  private void check(TimeoutModel timeout, Element element, String what) {
    if (timeout.value() <= 0) {
      reporter.report(
          Message.TIMEOUT_NOT_POSITIVE, element, timeout.annotation(),
          writtenOrNull(timeout.annotation(), "value"), what, timeout.value());
    }
  }
}
