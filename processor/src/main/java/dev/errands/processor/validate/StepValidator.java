package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * Each step's method, as the orchestrator calls it: an instance method it can reach, without type
 * parameters, with one step annotation, a name of its own that a {@code Result} component may
 * have, and a value type the orchestrator can name.
 */
final class StepValidator implements Validator {
  private final Reporter reporter;
  private final Access access;

  StepValidator(Reporter reporter, Access access) {
    this.reporter = reporter;
    this.access = access;
  }

  @Override
  public void validate(WorkflowModel model) {
    for (StepModel step : model.steps()) {
      checkMethod(model, step);
    }
    checkDuplicateNames(model);
  }

  private void checkMethod(WorkflowModel model, StepModel step) {
    ExecutableElement method = step.method();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.STEP_PRIVATE, method, step.name());
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(Message.STEP_STATIC, method, step.name());
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.report(Message.STEP_GENERIC, method, step.name(), Names.typeParameters(method.getTypeParameters()));
    }
    for (AnnotationMirror other : step.otherStepAnnotations()) {
      reporter.report(
          Message.STEP_TWO_ANNOTATIONS, method, other, step.name(), step.kind().annotation(),
          "@" + other.getAnnotationType().asElement().getSimpleName());
    }
    if (!step.isRacer() && !step.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(step.name())) {
      reporter.report(Message.STEP_RESERVED_NAME, method, step.name(), step.name());
    }
    if (!step.isVoid()) {
      access.whyNot(step.valueType(), model).ifPresent(why -> reporter.report(
          Message.STEP_TYPE_INACCESSIBLE, method, step.name(), step.valueType(), model.orchestratorName().simpleName(), why));
    }
  }

  private void checkDuplicateNames(WorkflowModel model) {
    Map<String, StepModel> first = new HashMap<>();
    for (StepModel step : model.steps()) {
      StepModel earlier = first.putIfAbsent(step.name(), step);
      if (earlier != null) {
        reporter.report(
            Message.STEP_DUPLICATE_NAME, step.method(), step.name(), signature(step.method()), signature(earlier.method()));
      }
    }
  }

  /** {@code user(long)}: how a method is told apart from its overloads. */
  private static String signature(ExecutableElement method) {
    return method.getSimpleName() + method.getParameters().stream()
        .map(p -> p.asType().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
