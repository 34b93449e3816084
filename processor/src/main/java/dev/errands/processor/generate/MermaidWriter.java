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
 * A Mermaid {@code flowchart} of a workflow: inputs as parallelograms, steps as boxes, each race
 * as a box around its racers, and an arrow from each thing a step waits for to the step.
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
        lines.add("    " + stepId(step.name()) + "[\"" + label(step) + "\"]");
        continue;
      }
      RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
      if (race.first() != step) {
        continue;
      }
      String rule = race.first().wins().orElseThrow().equals("FIRST_TO_SUCCEED")
          ? "first to succeed" : "first to settle";
      lines.add("    subgraph " + raceId(race.name()) + " [\"race " + race.name() + ": " + rule + "\"]");
      for (StepModel racer : race.racers()) {
        lines.add("        " + stepId(racer.name()) + "[\"" + label(racer) + "\"]");
      }
      lines.add("    end");
    }
    for (StepModel step : model.steps()) {
      String target = step.isRacer() ? null : stepId(step.name());
      for (ParameterModel parameter : step.parameters()) {
        if (!step.waitsFor(parameter.name())) {
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
        lines.add("    " + source + " --> " + target);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static String label(StepModel step) {
    String label = step.name();
    if (step.async()) {
      label += " (async)";
    }
    if (step.timeout().isPresent()) {
      label += ", timeout " + step.timeout().get().describe();
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
