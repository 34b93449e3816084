package dev.errands.processor.validate;

import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.StepModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The annotation that messages propose: the step's own, waiting for one more name. A racer named in
 * {@code after} (an error of its own) is written as its race, the race only once, and the step's
 * own name (another error) not at all, so that following one message never leads into another.
 */
final class AfterFix {
  private AfterFix() {}

  /** {@code @Sequential(after = {"flight", "hotel"})}: how to write {@code step} so that it waits for {@code name}. */
  static String waitingFor(StepModel step, String name, NodeGraph graph) {
    List<String> after = new ArrayList<>();
    for (AfterEntry entry : step.after()) {
      String entryName = graph.node(entry.name()).isPresent()
          ? entry.name()
          : graph.racer(entry.name()).flatMap(StepModel::race).orElse(entry.name());
      if (!after.contains(entryName) && !entryName.equals(step.nodeName())) {
        after.add(entryName);
      }
    }
    if (!after.contains(name) && !name.equals(step.nodeName())) {
      after.add(name);
    }
    String entries = after.size() == 1
        ? "\"" + after.get(0) + "\""
        : after.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "{", "}"));
    return switch (step.kind()) {
      case PARALLEL, SEQUENTIAL -> "@Sequential(after = " + entries + ")";
      case RACER -> "@Race(value = \"" + step.race().orElseThrow() + "\", after = " + entries + ")";
    };
  }
}
