package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each entry of each step's {@code after}: the name of another step or race, written once. A racer
 * named there is answered with its race; an unknown name with the closest known one. Cycles are
 * {@link DependencyCycleValidator}'s.
 */
final class AfterValidator implements Validator {
  private final Reporter reporter;

  AfterValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    NodeGraph graph = model.graph();
    for (StepModel step : model.steps()) {
      Set<String> seen = new HashSet<>();
      String self = step.nodeName();
      for (AfterEntry entry : step.after()) {
        if (entry.name().isBlank()) {
          reporter.report(Message.AFTER_BLANK, step.method(), step.annotation(), entry.value(), step.name());
          continue;
        }
        if (!seen.add(entry.name())) {
          reporter.report(Message.AFTER_DUPLICATE, step.method(), step.annotation(), entry.value(), step.name(), entry.name());
          continue;
        }
        if (entry.name().equals(self)) {
          reporter.report(
              Message.AFTER_SELF, step.method(), step.annotation(), entry.value(),
              step.isRacer() ? "Race '" + self + "' of racer '" + step.name() + "'" : "Step '" + self + "'", self);
          continue;
        }
        if (graph.node(entry.name()).isPresent()) {
          continue;
        }
        Optional<StepModel> racer = graph.racer(entry.name());
        if (racer.isPresent()) {
          String race = racer.get().nodeName();
          reporter.report(
              Message.AFTER_RACER, step.method(), step.annotation(), entry.value(), step.name(), entry.name(), race,
              AfterFix.waitingFor(step, race, graph));
          continue;
        }
        List<String> known = graph.names();
        known.remove(self);
        String hint = Names.closest(entry.name(), known)
            .map(name -> " Did you mean '" + name + "'?")
            .orElse(known.isEmpty()
                ? " This class declares no other step."
                : " Steps and races of this class: " + String.join(", ", known) + ".");
        reporter.report(
            Message.AFTER_UNKNOWN, step.method(), step.annotation(), entry.value(), step.name(), entry.name(), entry.name(), hint);
      }
    }
  }
}
