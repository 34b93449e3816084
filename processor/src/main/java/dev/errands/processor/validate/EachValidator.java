package dev.errands.processor.validate;

import static dev.errands.processor.scan.Annotations.writtenOrNull;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.EachModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.Node.Receiver;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.scan.Supertypes;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * {@code @Each}: at most one per step, on a parameter that is not the context, never on a racer,
 * with a limit that is not negative; and a step or race that feeds it produces an {@code Iterable}
 * of what the parameter takes.
 */
final class EachValidator implements Validator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final Access access;
  private final Supertypes supertypes;

  EachValidator(Elements elements, Types types, Reporter reporter, Access access) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.access = access;
    this.supertypes = new Supertypes(elements, types);
  }

  @Override
  public void validate(WorkflowModel model) {
    for (StepModel step : model.steps()) {
      checkPlaces(step);
    }
    for (Node node : model.graph().nodes()) {
      for (Receiver receiver : node.receivers()) {
        if (receiver.step().receivesElements(receiver.parameter())) {
          checkSource(model, receiver.step(), receiver.parameter(), node);
        }
      }
    }
  }

  /** Where the step's {@code @Each} annotations are, and their limits. */
  private void checkPlaces(StepModel step) {
    ParameterModel each = null;
    for (ParameterModel parameter : step.parameters()) {
      if (parameter.each().isEmpty()) {
        continue;
      }
      EachModel annotation = parameter.each().get();
      if (annotation.limit() < 0) {
        reporter.report(
            Message.EACH_LIMIT_NEGATIVE, parameter.element(), annotation.annotation(),
            writtenOrNull(annotation.annotation(), "limit"), parameter.name(), step.name(), annotation.limit());
      }
      if (parameter.isContext()) {
        reporter.report(Message.EACH_ON_CONTEXT, parameter.element(), parameter.name(), step.name());
      } else if (step.isRacer()) {
        reporter.report(Message.EACH_ON_RACER, parameter.element(), parameter.name(), step.name(), step.name());
      } else if (each != null) {
        reporter.report(Message.EACH_TWICE, parameter.element(), step.name(), parameter.name(), each.name());
      } else {
        each = parameter;
      }
    }
  }

  /** An {@code @Each} parameter fed by {@code node}: its value must be an {@code Iterable<? extends P>}. */
  private void checkSource(WorkflowModel model, StepModel step, ParameterModel parameter, Node node) {
    if (node.isVoid()) {
      reporter.report(
          Message.PARAMETER_VOID, parameter.element(), parameter.name(), step.name(), node.name(), node.name(), node.name());
      return;
    }
    TypeElement iterable = elements.getTypeElement("java.lang.Iterable");
    TypeMirror element = boxed(parameter.type());
    TypeMirror wanted = types.getDeclaredType(iterable, types.getWildcardType(element, null));
    TypeMirror source = node.valueType();
    if (types.isAssignable(source, wanted)) {
      checkCastable(model, step, parameter);
    } else if (!types.isAssignable(types.erasure(source), types.erasure(iterable.asType()))) {
      reporter.report(
          Message.EACH_NOT_ITERABLE, parameter.element(), parameter.name(), step.name(), node.describe(), source,
          element);
    } else {
      TypeMirror held = supertypes.argument(source, iterable);
      reporter.report(
          Message.EACH_ELEMENT_TYPE, parameter.element(), parameter.name(), step.name(), node.describe(),
          parameter.type(), source + " holds " + held, held);
    }
  }

  /** The generated code casts each element to the parameter's type: it must see it. */
  private void checkCastable(WorkflowModel model, StepModel step, ParameterModel parameter) {
    access.whyNot(parameter.type(), model).ifPresent(why -> reporter.report(
        Message.PARAMETER_TYPE_INACCESSIBLE, parameter.element(), parameter.name(), step.name(), parameter.type(),
        model.orchestratorName().simpleName(), why));
  }

  private TypeMirror boxed(TypeMirror type) {
    return type.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) type).asType() : type;
  }
}
