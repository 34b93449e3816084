package dev.errands.processor.generate;

import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A Mermaid {@code flowchart} of a workflow: inputs as parallelograms, steps as boxes (a stacked
 * box for a step run once per element), each race as a box around its racers labelled with its rule
 * (and, for a hedged race, how far apart its racers start), and an arrow from each thing a step
 * waits for to the step: a dotted one, labelled "settled", from a tolerated step or race, which the
 * step waits for to settle rather than to succeed.
 */
public final class MermaidWriter {
  private MermaidWriter() {}

  public static String write(WorkflowModel model) {
    NodeGraph graph = model.graph();
    List<String> lines = new ArrayList<>();
    lines.add("flowchart LR");
    for (InputModel input : model.inputs()) {
      lines.add("    " + inputId(input.name()) + "[/\"" + input.name() + "\"/]");
    }
    for (Node node : graph.nodes()) {
      if (!node.isRace()) {
        String label = "\"" + label(node.first(), node.isTolerated()) + "\"";
        lines.add("    " + id(node) + (node.first().each().isPresent() ? "[[" + label + "]]" : "[" + label + "]"));
        continue;
      }
      String rule = node.isFirstToSucceed() ? "first to succeed" : "first to settle";
      lines.add("    subgraph " + id(node) + " [\"race " + node.name() + ": " + rule
          + (node.isHedged() ? ", hedged every " + node.hedge().describe() : "")
          + (node.isTolerated() ? ", tolerated" : "") + "\"]");
      for (StepModel racer : node.tasks()) {
        lines.add("        " + stepId(racer.name()) + "[\"" + label(racer, false) + "\"]");
      }
      lines.add("    end");
    }
    // In source order: each racer's inputs where it stands, its race's arrows at its first racer.
    for (StepModel task : model.steps()) {
      for (ParameterModel parameter : task.parameters()) {
        if (task.isInput(parameter)) {
          lines.add("    " + inputId(parameter.name()) + " --> " + stepId(task.name()));
        }
      }
      Node node = graph.nodeOf(task);
      if (node.first() != task) {
        continue;
      }
      // An arrow per entry as written: an entry written twice (a warning) draws two.
      for (AfterEntry entry : node.first().after()) {
        Node before = graph.node(entry.name()).orElseThrow();
        String arrow = before.isTolerated() ? " -.->|settled| " : " --> ";
        lines.add("    " + id(before) + arrow + id(node));
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** "comments (async): for each of posts, limit 8, timeout 2 s, up to 3 attempts, tolerated". */
  private static String label(StepModel step, boolean tolerated) {
    String label = step.name();
    if (step.async()) {
      label += " (async)";
    }
    if (step.each().isPresent()) {
      ParameterModel each = step.each().get();
      int limit = each.each().orElseThrow().limit();
      label += ": for each of " + each.name() + (limit > 0 ? ", limit " + limit : "");
    }
    if (step.timeout().isPresent()) {
      label += ", timeout " + step.timeout().get().describe();
    }
    if (step.retry().isPresent()) {
      label += ", up to " + step.retry().get().attempts() + " attempts";
    }
    if (tolerated) {
      label += ", tolerated";
    }
    return label;
  }

  /** {@code race_avatar}, {@code step_user}. */
  private static String id(Node node) {
    return node.isRace() ? raceId(node.name()) : stepId(node.name());
  }

  private static String inputId(String name) {
    return "input_" + name;
  }

  private static String stepId(String name) {
    return "step_" + name;
  }

  private static String raceId(String name) {
    return "race_" + name;
  }
}
