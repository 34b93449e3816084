package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.Node.Receiver;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.List;
import java.util.Optional;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * {@code Outcome} parameters: an {@code Outcome<T>} whose {@code T} holds what its step or race
 * produces, and a step or race received as an {@code Outcome} that no step receives as a value,
 * so that it is tolerated. An {@code Outcome} named in no {@code after} is {@link
 * ParameterValidator}'s.
 */
final class OutcomeValidator implements Validator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final Access access;

  OutcomeValidator(Elements elements, Types types, Reporter reporter, Access access) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.access = access;
  }

  @Override
  public void validate(WorkflowModel model) {
    for (Node node : model.graph().nodes()) {
      for (Receiver receiver : node.receivers()) {
        if (receiver.parameter().receivesOutcome()) {
          checkType(model, receiver.step(), receiver.parameter(), node);
        }
      }
      checkTolerated(node);
    }
  }

  /** An {@code Outcome<T>} parameter of {@code node}: {@code T} must hold what {@code node} produces. */
  private void checkType(WorkflowModel model, StepModel step, ParameterModel parameter, Node node) {
    Optional<TypeMirror> argument = parameter.outcomeArgument();
    if (argument.isEmpty()) {
      return; // a raw Outcome holds anything
    }
    if (node.isVoid()) {
      if (!holds(argument.get(), elements.getTypeElement("java.lang.Void").asType())) {
        reporter.report(
            Message.OUTCOME_OF_VOID, parameter.element(), parameter.name(), step.name(), parameter.type(), node.name());
      }
    } else if (!holds(argument.get(), boxed(node.valueType()))) {
      TypeMirror value = boxed(node.valueType());
      reporter.report(
          Message.OUTCOME_TYPE, parameter.element(), parameter.name(), step.name(), parameter.type(), node.name(),
          node.valueType(), value, value);
      return;
    }
    // The generated code casts the outcome to the parameter's type: it must see it.
    access.whyNot(parameter.type(), model).ifPresent(why -> reporter.report(
        Message.PARAMETER_TYPE_INACCESSIBLE, parameter.element(), parameter.name(), step.name(), parameter.type(),
        model.orchestratorName().simpleName(), why));
  }

  /**
   * Whether an {@code Outcome<argument>} can stand for an outcome of {@code value}: an {@code
   * Outcome} is immutable, so {@code Outcome<Number>} holds an outcome of {@code Integer}.
   */
  private boolean holds(TypeMirror argument, TypeMirror value) {
    return argument instanceof WildcardType ? types.contains(argument, value) : types.isAssignable(value, argument);
  }

  /**
   * A step or race received both as an {@code Outcome} and as a value is not tolerated: the {@code
   * Outcome} only ever holds a success, which is rarely what its author meant.
   */
  private void checkTolerated(Node node) {
    List<Receiver> values = node.receivers().stream().filter(r -> !r.parameter().receivesOutcome()).toList();
    if (values.isEmpty()) {
      return;
    }
    String valueStep = values.get(0).step().name();
    for (Receiver outcome : node.receivers()) {
      if (!outcome.parameter().receivesOutcome()) {
        continue;
      }
      String outcomeStep = outcome.step().name();
      reporter.report(
          Message.OUTCOME_NOT_TOLERATED, outcome.parameter().element(), outcome.parameter().name(), outcomeStep,
          node.name(), valueStep, node.name(), outcomeStep, valueStep, node.isVoid() ? "nothing (remove it)" : node.valueType());
    }
  }

  private TypeMirror boxed(TypeMirror type) {
    return type.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) type).asType() : type;
  }
}
