package dev.errands.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A service class and everything the scanner read from it: its steps in source order, its races
 * (grouped by name, in order of their first racer), the graph of its nodes, and its inputs in
 * order of first appearance.
 *
 * @param service the service class
 * @param serviceName its name as JavaPoet writes it
 * @param orchestratorName the class the processor writes: {@code Outer_InnerOrchestrator}
 * @param steps every step, racers included, in source order
 * @param races the races, in order of their first racer
 * @param graph the steps and races as nodes, built once for every check and writer
 * @param inputs the workflow inputs, in order of first appearance
 * @param timeout the {@code @Timeout} of the class, if any
 * @param strays {@code @Timeout}s and {@code @Retry}s on methods that are not steps, and {@code
 *     @Each} on their parameters (an error)
 */
public record WorkflowModel(
    TypeElement service,
    ClassName serviceName,
    ClassName orchestratorName,
    List<StepModel> steps,
    List<RaceModel> races,
    NodeGraph graph,
    List<InputModel> inputs,
    Optional<TimeoutModel> timeout,
    List<StrayAnnotation> strays) {

  /** The qualified name of the service class, as the runtime and Flight Recorder name it. */
  public String qualifiedName() {
    return service.getQualifiedName().toString();
  }

  /** The step that declares {@code parameter}. */
  public StepModel stepOf(ParameterModel parameter) {
    return steps.stream().filter(s -> s.parameters().contains(parameter)).findFirst().orElseThrow();
  }
}
