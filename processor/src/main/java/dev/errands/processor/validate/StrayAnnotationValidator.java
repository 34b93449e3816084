package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.StrayAnnotation;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.scan.Annotations;
import javax.lang.model.element.ElementKind;

/**
 * A {@code @Timeout}, {@code @Retry} or {@code @Each} where it has no effect: on a method that is
 * not a step or on its parameters, or a {@code @Timeout} on a class that declares no step.
 */
final class StrayAnnotationValidator implements Validator {
  private final Reporter reporter;

  StrayAnnotationValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    for (StrayAnnotation stray : model.strays()) {
      check(model, stray);
    }
    if (model.steps().isEmpty()) {
      model.timeout().ifPresent(t -> reporter.report(
          Message.TIMEOUT_WITHOUT_STEPS, model.service(), t.annotation(), model.service().getQualifiedName()));
    }
  }

  private void check(WorkflowModel model, StrayAnnotation stray) {
    String name = stray.method().getSimpleName().toString();
    switch (Annotations.nameOf(stray.annotation())) {
      case Annotations.TIMEOUT ->
          reporter.report(Message.TIMEOUT_NOT_ON_STEP, stray.method(), stray.annotation(), name, name);
      case Annotations.RETRY ->
          reporter.report(Message.RETRY_NOT_ON_STEP, stray.method(), stray.annotation(), name, name);
      default -> {
        boolean constructor = stray.method().getKind() == ElementKind.CONSTRUCTOR;
        reporter.report(
            Message.EACH_NOT_ON_STEP, stray.element(), stray.annotation(), stray.element().getSimpleName(),
            constructor ? "the constructor of " + model.service().getSimpleName() : "method '" + name + "'",
            constructor ? "a constructor" : "'" + name + "'");
      }
    }
  }
}
