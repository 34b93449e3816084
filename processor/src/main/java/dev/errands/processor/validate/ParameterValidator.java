package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.Node.Receiver;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.List;
import java.util.Optional;
import javax.lang.model.util.Types;

/**
 * What each parameter's name makes it receive. A parameter named like a step or race receives its
 * value only when the step's {@code after} names it, one named like a racer should name the race,
 * an {@code Outcome} comes only from an {@code after} entry, and a plain parameter must take the
 * value it receives. A step has at most one {@code StepContext}.
 *
 * <p>{@code @Each} and {@code Outcome} parameters have validators of their own; so do the
 * parameters left as workflow inputs ({@link InputTypeValidator}, {@link InputNameValidator}).
 */
final class ParameterValidator implements Validator {
  private final Types types;
  private final Reporter reporter;

  ParameterValidator(Types types, Reporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    NodeGraph graph = model.graph();
    for (StepModel step : model.steps()) {
      checkContexts(step);
      for (ParameterModel parameter : step.parameters()) {
        if (!parameter.isContext() && !step.waitsFor(parameter.name())) {
          checkName(step, parameter, graph);
        }
      }
    }
    for (Node node : graph.nodes()) {
      for (Receiver receiver : node.receivers()) {
        ParameterModel parameter = receiver.parameter();
        if (!receiver.step().receivesElements(parameter) && !parameter.receivesOutcome()) {
          checkValue(receiver.step(), parameter, node);
        }
      }
    }
  }

  private void checkContexts(StepModel step) {
    ParameterModel context = null;
    for (ParameterModel parameter : step.parameters()) {
      if (!parameter.isContext()) {
        continue;
      }
      if (context != null) {
        reporter.report(Message.CONTEXT_TWICE, parameter.element(), step.name(), parameter.name(), context.name());
      } else {
        context = parameter;
      }
    }
  }

  /** A parameter whose name the step's after does not name: named like no step, race or racer. */
  private void checkName(StepModel step, ParameterModel parameter, NodeGraph graph) {
    String name = parameter.name();
    Optional<Node> node = graph.node(name);
    if (name.equals(step.nodeName()) || name.equals(step.name())) {
      reporter.report(
          Message.PARAMETER_NOT_IN_AFTER, parameter.element(), name, step.name(), node.map(Node::kind).orElse("racer"),
          name, name, "A step cannot wait for itself: rename the parameter.");
    } else if (node.isPresent()) {
      if (!misspeltInAfter(step, name, graph)) { // else the after entry's "did you mean" already points here
        reporter.report(
            Message.PARAMETER_NOT_IN_AFTER, parameter.element(), name, step.name(), node.get().kind(), name, name,
            "Add it to after: " + AfterFix.waitingFor(step, name, graph) + ", or rename the parameter.");
      }
    } else if (graph.racer(name).isPresent()) {
      String race = graph.racer(name).get().nodeName();
      reporter.report(
          Message.PARAMETER_NAMED_LIKE_RACER, parameter.element(), name, step.name(), name, race, race,
          AfterFix.waitingFor(step, race, graph));
    } else if (parameter.receivesOutcome()) {
      reporter.report(
          Message.OUTCOME_NOT_IN_AFTER, parameter.element(), name, step.name(), name, outcomeHint(step, name, graph));
    }
  }

  /** A plain parameter fed by {@code node}: it must take its value. */
  private void checkValue(StepModel step, ParameterModel parameter, Node node) {
    if (node.isVoid()) {
      reporter.report(
          Message.PARAMETER_VOID, parameter.element(), parameter.name(), step.name(), node.name(), node.name(), node.name());
    } else if (!types.isAssignable(node.valueType(), parameter.type())) {
      reporter.report(
          Message.PARAMETER_TYPE, parameter.element(), parameter.name(), step.name(), parameter.type(),
          node.name(), node.valueType(), node.valueType());
    }
  }

  /** Whether an unknown entry of the step's after is a slip for {@code name}. */
  private static boolean misspeltInAfter(StepModel step, String name, NodeGraph graph) {
    return step.after().stream()
        .filter(entry -> !graph.declares(entry.name()))
        .anyMatch(entry -> Names.closest(entry.name(), graph.names()).filter(name::equals).isPresent());
  }

  /** What follows "is not in the step's after" for an {@code Outcome} parameter. */
  private static String outcomeHint(StepModel step, String name, NodeGraph graph) {
    List<String> known = graph.names();
    known.remove(step.nodeName());
    return Names.closest(name, known)
        .map(close -> "Did you mean '" + close + "'? Name the parameter '" + close + "' and write "
            + AfterFix.waitingFor(step, close, graph) + ".")
        .orElse("There is no step or race named '" + name + "': name the parameter after the one whose outcome"
            + " the step receives, and add that to after.");
  }
}
