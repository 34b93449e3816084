package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds steps that wait for each other in a cycle, and reports each cycle once, as its whole path,
 * on the {@code after} entry of its first node in source order that leads into the cycle. A step
 * that waits for itself is {@link AfterValidator}'s to report.
 */
final class DependencyCycleValidator implements Validator {
  private final Reporter reporter;

  DependencyCycleValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    NodeGraph graph = model.graph();
    Set<Integer> reported = new HashSet<>();
    for (Node start : graph.nodes()) {
      if (reported.contains(start.index())) {
        continue;
      }
      List<Node> cycle = cycleThrough(start, graph);
      if (cycle.isEmpty()) {
        continue;
      }
      cycle.forEach(node -> reported.add(node.index()));
      Node next = cycle.get(1);
      AfterEntry entry = start.first().after().stream()
          .filter(e -> e.name().equals(next.name()))
          .findFirst()
          .orElseThrow();
      List<String> path = new ArrayList<>();
      cycle.forEach(node -> path.add(node.name()));
      path.add(start.name());
      reporter.report(
          Message.CYCLE,
          start.first().method(),
          start.first().annotation(),
          entry.value(),
          String.join(" -> ", path) + " (each waits for the next)");
    }
  }

  /**
   * The shortest cycle from {@code start} back to it along after edges, or an empty list. The graph
   * leaves out an entry that names its own node: a step that waits for itself is reported apart.
   */
  private static List<Node> cycleThrough(Node start, NodeGraph graph) {
    Map<Integer, Node> parent = new HashMap<>();
    List<Node> frontier = List.of(start);
    Set<Integer> seen = new HashSet<>();
    while (!frontier.isEmpty()) {
      List<Node> nextFrontier = new ArrayList<>();
      for (Node node : frontier) {
        for (Node dependency : graph.after(node)) {
          if (dependency == start) {
            List<Node> cycle = new ArrayList<>();
            for (Node at = node; at != null; at = parent.get(at.index())) {
              cycle.add(0, at);
            }
            return cycle;
          }
          if (seen.add(dependency.index())) {
            parent.put(dependency.index(), node);
            nextFrontier.add(dependency);
          }
        }
      }
      frontier = nextFrontier;
    }
    return List.of();
  }
}
