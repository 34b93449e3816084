package dev.errands.processor.validate;

import static dev.errands.processor.scan.Annotations.writtenOrNull;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.RetryModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The {@code @Retry} of each step and racer: more than one attempt, a pause that is not negative,
 * a multiplier of at least one, and failures to retry that can happen and that the orchestrator
 * can name.
 */
final class RetryValidator implements Validator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final Access access;

  RetryValidator(Elements elements, Types types, Reporter reporter, Access access) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.access = access;
  }

  @Override
  public void validate(WorkflowModel model) {
    for (StepModel step : model.steps()) {
      step.retry().ifPresent(retry -> check(model, step, retry));
    }
  }

  private void check(WorkflowModel model, StepModel step, RetryModel retry) {
    ExecutableElement method = step.method();
    AnnotationMirror annotation = retry.annotation();
    String what = (step.isRacer() ? "racer '" : "step '") + step.name() + "'";
    if (retry.attempts() < 1) {
      reporter.report(Message.RETRY_ATTEMPTS, method, annotation, writtenOrNull(annotation, "attempts"), what, retry.attempts());
    } else if (retry.attempts() == 1) {
      reporter.report(Message.RETRY_SINGLE_ATTEMPT, method, annotation, writtenOrNull(annotation, "attempts"), what);
    }
    if (retry.delay() < 0) {
      reporter.report(Message.RETRY_DELAY_NEGATIVE, method, annotation, writtenOrNull(annotation, "delay"), what, retry.delay());
    }
    if (!(retry.multiplier() >= 1.0)) { // NaN too
      reporter.report(
          Message.RETRY_MULTIPLIER, method, annotation, writtenOrNull(annotation, "multiplier"), what, retry.multiplier());
    }
    if (retry.on().isEmpty()) {
      reporter.report(Message.RETRY_ON_EMPTY, method, annotation, writtenOrNull(annotation, "on"), what);
    }
    TypeMirror interrupted = elements.getTypeElement("java.lang.InterruptedException").asType();
    TypeMirror cancelled = elements.getTypeElement("java.util.concurrent.CancellationException").asType();
    for (TypeMirror type : retry.on()) {
      if (types.isSubtype(type, interrupted) || types.isSubtype(type, cancelled)) {
        reporter.report(Message.RETRY_ON_NEVER, method, annotation, writtenOrNull(annotation, "on"), what, type);
      }
      access.whyNot(type, model).ifPresent(why -> reporter.report(
          Message.RETRY_ON_INACCESSIBLE, method, annotation, writtenOrNull(annotation, "on"), what, type,
          model.orchestratorName().simpleName(), why));
    }
  }
}
