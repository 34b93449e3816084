package dev.errands.processor.model;

import dev.errands.processor.model.Node.Receiver;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of a workflow, built once from its steps and read by every check and every writer: the
 * plain steps and the races, numbered in the order the generated orchestrator declares them, each
 * with its tasks, what it waits for and what receives it.
 *
 * <p>Built before validation, so it takes whatever the scanner read: where a name is declared twice
 * (an error reported elsewhere), the first declaration is the node and the later one belongs to
 * none.
 */
public final class NodeGraph {
  private final List<Node> nodes;
  private final Map<String, Node> byName = new LinkedHashMap<>();
  private final Map<String, StepModel> racers = new LinkedHashMap<>();
  private final Map<StepModel, Node> byTask = new IdentityHashMap<>();

  private NodeGraph(List<StepModel> steps, List<RaceModel> races) {
    Map<String, List<StepModel>> tasks = new LinkedHashMap<>();
    for (StepModel step : steps) {
      if (step.isRacer()) {
        racers.putIfAbsent(step.name(), step);
        String race = step.nodeName();
        tasks.putIfAbsent(race, races.stream().filter(r -> r.name().equals(race)).findFirst().orElseThrow().racers());
      } else {
        tasks.putIfAbsent(step.name(), List.of(step));
      }
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    tasks.keySet().forEach(name -> index.put(name, index.size()));
    Map<String, List<Receiver>> receivers = new LinkedHashMap<>();
    for (StepModel step : steps) {
      for (ParameterModel parameter : step.parameters()) {
        if (step.isDependency(parameter) && index.containsKey(parameter.name())) {
          receivers.computeIfAbsent(parameter.name(), name -> new ArrayList<>()).add(new Receiver(step, parameter));
        }
      }
    }
    List<Node> nodes = new ArrayList<>();
    tasks.forEach((name, its) -> {
      List<Integer> after = its.get(0).after().stream()
          .map(AfterEntry::name)
          .filter(entry -> index.containsKey(entry) && !entry.equals(name))
          .map(index::get)
          .distinct()
          .toList();
      Node node = new Node(nodes.size(), name, its, after, List.copyOf(receivers.getOrDefault(name, List.of())));
      nodes.add(node);
      byName.put(name, node);
      its.forEach(task -> byTask.put(task, node));
    });
    this.nodes = List.copyOf(nodes);
  }

  /** The graph of {@code steps}, racers included, in source order, and of their {@code races}. */
  public static NodeGraph of(List<StepModel> steps, List<RaceModel> races) {
    return new NodeGraph(steps, races);
  }

  /** Every step and race, in order of their index. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The step or race named {@code name}. */
  public Optional<Node> node(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The node that runs {@code task}: every step of a valid workflow has one. */
  public Node nodeOf(StepModel task) {
    Node node = byTask.get(task);
    if (node == null) {
      throw new IllegalArgumentException(task.name() + " belongs to no node");
    }
    return node;
  }

  /** What {@code node} waits for, in the order written. */
  public List<Node> after(Node node) {
    return node.after().stream().map(nodes::get).toList();
  }

  /** The racer named {@code name}. */
  public Optional<StepModel> racer(String name) {
    return Optional.ofNullable(racers.get(name));
  }

  /** Whether {@code name} is the name of a step, a race or a racer. */
  public boolean declares(String name) {
    return byName.containsKey(name) || racers.containsKey(name);
  }

  /** Every name a step can wait for, in order of the nodes, as a list of its own. */
  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** Whether any step or race is tolerated. */
  public boolean anyTolerated() {
    return nodes.stream().anyMatch(Node::isTolerated);
  }
}
