package dev.errands.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A service class and everything the scanner read from it: its steps in source order, its races
 * (grouped by name, in order of their first racer) and its inputs in order of first appearance.
 *
 * @param service the service class
 * @param serviceName its name as JavaPoet writes it
 * @param orchestratorName the class the processor writes: {@code Outer_InnerOrchestrator}
 * @param steps every step, racers included, in source order
 * @param races the races, in order of their first racer
 * @param inputs the workflow inputs, in order of first appearance
 * @param timeout the {@code @Timeout} of the class, if any
 * @param strayTimeouts {@code @Timeout}s on methods that are not steps (an error)
 */
public record WorkflowModel(
    TypeElement service,
    ClassName serviceName,
    ClassName orchestratorName,
    List<StepModel> steps,
    List<RaceModel> races,
    List<InputModel> inputs,
    Optional<TimeoutModel> timeout,
    List<StrayTimeout> strayTimeouts) {

  /** The qualified name of the service class, as the runtime and Flight Recorder name it. */
  public String qualifiedName() {
    return service.getQualifiedName().toString();
  }

  public Optional<StepModel> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<RaceModel> race(String name) {
    return races.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The steps that are not racers, in source order. */
  public List<StepModel> plainSteps() {
    return steps.stream().filter(s -> !s.isRacer()).toList();
  }
}
