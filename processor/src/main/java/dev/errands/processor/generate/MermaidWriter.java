package dev.errands.processor.generate;

import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A Mermaid {@code flowchart} of a workflow: inputs as parallelograms, steps as boxes (a stacked
 * box for a step run once per element), each race as a box around its racers, and an arrow from
 * each thing a step waits for to the step: a dotted one, labelled "settled", from a tolerated step
 * or race, which the step waits for to settle rather than to succeed.
 */
public final class MermaidWriter {
  private MermaidWriter() {}

  public static String write(WorkflowModel model) {
    List<String> lines = new ArrayList<>();
    lines.add("flowchart LR");
    for (InputModel input : model.inputs()) {
      lines.add("    " + inputId(input.name()) + "[/\"" + input.name() + "\"/]");
    }
    for (StepModel step : model.steps()) {
      if (!step.isRacer()) {
        String label = "\"" + label(model, step) + "\"";
        lines.add("    " + stepId(step.name()) + (step.each().isPresent() ? "[[" + label + "]]" : "[" + label + "]"));
        continue;
      }
      RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
      if (race.first() != step) {
        continue;
      }
      String rule = race.first().wins().orElseThrow().equals("FIRST_TO_SUCCEED")
          ? "first to succeed" : "first to settle";
      lines.add("    subgraph " + raceId(race.name()) + " [\"race " + race.name() + ": " + rule
          + (model.isTolerated(race.name()) ? ", tolerated" : "") + "\"]");
      for (StepModel racer : race.racers()) {
        lines.add("        " + stepId(racer.name()) + "[\"" + label(model, racer) + "\"]");
      }
      lines.add("    end");
    }
    for (StepModel step : model.steps()) {
      String target = step.isRacer() ? null : stepId(step.name());
      for (ParameterModel parameter : step.parameters()) {
        if (step.isInput(parameter)) {
          lines.add("    " + inputId(parameter.name()) + " --> " + stepId(step.name()));
        }
      }
      if (target == null) {
        RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
        if (race.first() != step) {
          continue;
        }
        target = raceId(race.name());
      }
      for (AfterEntry entry : step.after()) {
        String source = model.race(entry.name()).isPresent() ? raceId(entry.name()) : stepId(entry.name());
        String arrow = model.isTolerated(entry.name()) ? " -.->|settled| " : " --> ";
        lines.add("    " + source + arrow + target);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** "comments (async): for each of posts, limit 8, timeout 2 s, up to 3 attempts, tolerated". */
  private static String label(WorkflowModel model, StepModel step) {
    String label = step.name();
    if (step.async()) {
      label += " (async)";
    }
    if (!step.isRacer() && step.each().isPresent()) {
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
    if (!step.isRacer() && model.isTolerated(step.name())) {
      label += ", tolerated";
    }
    return label;
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
