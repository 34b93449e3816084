package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.validate.Graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds steps that wait for each other in a cycle, and reports each cycle once, as its whole path,
 * on the {@code after} entry of its first node in source order that leads into the cycle. A step
 * that waits for itself is {@code WorkflowValidator}'s to report.
 */
final class DependencyCycleValidator {
  private final Graph graph;
  private final Reporter reporter;

  DependencyCycleValidator(Graph graph, Reporter reporter) {
    this.graph = graph;
    this.reporter = reporter;
  }

  void validate() {
    Set<String> reported = new HashSet<>();
    for (Node start : graph.nodes()) {
      if (reported.contains(start.name())) {
        continue;
      }
      List<Node> cycle = cycleThrough(start);
      if (cycle.isEmpty()) {
        continue;
      }
      cycle.forEach(node -> reported.add(node.name()));
      Node next = cycle.get(1);
      AfterEntry entry = start.declaringStep().after().stream()
          .filter(e -> e.name().equals(next.name()))
          .findFirst()
          .orElseThrow();
      List<String> path = new ArrayList<>();
      cycle.forEach(node -> path.add(node.name()));
      path.add(start.name());
      reporter.report(
          Message.CYCLE,
          start.declaringStep().method(),
          start.declaringStep().annotation(),
          entry.value(),
          String.join(" -> ", path) + " (each waits for the next)");
    }
  }

  /** The shortest cycle from {@code start} back to it along after edges, or an empty list. */
  private List<Node> cycleThrough(Node start) {
    Map<String, Node> parent = new HashMap<>();
    List<Node> frontier = List.of(start);
    Set<String> seen = new HashSet<>();
    while (!frontier.isEmpty()) {
      List<Node> nextFrontier = new ArrayList<>();
      for (Node node : frontier) {
        for (Node dependency : dependencies(node)) {
          if (dependency.name().equals(start.name())) {
            List<Node> cycle = new ArrayList<>();
            for (Node at = node; at != null; at = parent.get(at.name())) {
              cycle.add(0, at);
            }
            return cycle;
          }
          if (seen.add(dependency.name())) {
            parent.put(dependency.name(), node);
            nextFrontier.add(dependency);
          }
        }
      }
      frontier = nextFrontier;
    }
    return List.of();
  }

  /** What {@code node} waits for, but not itself: a step that waits for itself is reported apart. */
  private List<Node> dependencies(Node node) {
    List<Node> dependencies = new ArrayList<>();
    for (AfterEntry entry : node.declaringStep().after()) {
      if (!entry.name().equals(node.name())) {
        graph.node(entry.name()).ifPresent(dependencies::add);
      }
    }
    return dependencies;
  }
}
