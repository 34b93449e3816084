package dev.errands.processor.generate;

import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the orchestrator's index constants: {@code USER} for the node {@code user}, {@code
 * USER_ID} for the input {@code userId}. Every node is named first, in the order of its index, then
 * every input, so that a clash between the two is settled the same way every build.
 */
final class IndexConstants {
  private final NodeGraph graph;
  private final List<String> nodes = new ArrayList<>();
  private final Map<String, String> inputs = new LinkedHashMap<>();

  IndexConstants(WorkflowModel model) {
    this.graph = model.graph();
    Identifiers identifiers = new Identifiers("WORKFLOW");
    for (Node node : graph.nodes()) {
      nodes.add(identifiers.constant(node.name()));
    }
    for (InputModel input : model.inputs()) {
      inputs.put(input.name(), identifiers.constant(input.name()));
    }
  }

  /** The constant that holds the index of {@code node}. */
  String of(Node node) {
    return nodes.get(node.index());
  }

  /** The constant that holds the index of the step or race named {@code name}. */
  String node(String name) {
    return of(graph.node(name).orElseThrow());
  }

  /** The constant that holds the index of the input named {@code name}. */
  String input(String name) {
    return inputs.get(name);
  }
}
