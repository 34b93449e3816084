package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.List;
import java.util.Optional;

/**
 * Warns about a workflow input whose name is a slip for a step or race: a parameter named {@code
 * hotl} in a step that waits for {@code hotel} compiles, and becomes an argument of {@code run}
 * that nobody meant. A parameter named exactly like a step, race or racer is {@code
 * ParameterValidator}'s to report (an error); only the names left as inputs are looked at here.
 */
final class InputNameValidator implements Validator {
  private final Reporter reporter;

  InputNameValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    NodeGraph graph = model.graph();
    for (StepModel step : model.steps()) {
      for (ParameterModel parameter : step.parameters()) {
        if (step.isInput(parameter) && !graph.declares(parameter.name())) {
          meant(step, parameter.name(), graph).ifPresent(node -> report(step, parameter, node, graph));
        }
      }
    }
  }

  /**
   * The step or race that {@code name} is a slip for: first among those the step waits for without
   * receiving them, then among all it could receive. Never the step itself, nor a void one.
   */
  private static Optional<Node> meant(StepModel step, String name, NodeGraph graph) {
    List<String> unreceived = step.after().stream()
        .map(AfterEntry::name)
        .filter(after -> receivable(step, after, graph) && !receives(step, after))
        .toList();
    Optional<String> close = Names.slipFor(name, unreceived);
    if (close.isEmpty()) {
      close = Names.slipFor(name, graph.names().stream().filter(other -> receivable(step, other, graph)).toList());
    }
    return close.flatMap(graph::node);
  }

  /** Whether {@code step} could receive the value of the step or race {@code name}. */
  private static boolean receivable(StepModel step, String name, NodeGraph graph) {
    return !name.equals(step.nodeName()) && graph.node(name).filter(node -> !node.isVoid()).isPresent();
  }

  private static boolean receives(StepModel step, String name) {
    return step.parameters().stream().anyMatch(p -> !p.isContext() && p.name().equals(name));
  }

  private void report(StepModel step, ParameterModel parameter, Node node, NodeGraph graph) {
    String hint = step.waitsFor(node.name())
        ? "The step waits for '" + node.name() + "' but receives nothing from it: name the parameter '"
            + node.name() + "' to receive its result."
        : "Name the parameter '" + node.name() + "' and write " + AfterFix.waitingFor(step, node.name(), graph)
            + " to receive its result.";
    reporter.report(
        Message.INPUT_NAMED_LIKE_STEP, parameter.element(), parameter.name(), step.name(), parameter.name(),
        node.describe(), hint, node.name());
  }
}
