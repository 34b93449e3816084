package dev.errands.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A step: a method of the service class annotated with {@code @Parallel}, {@code @Sequential} or
 * {@code @Race}.
 *
 * @param method the method
 * @param annotation the step annotation that made it a step
 * @param otherStepAnnotations further step annotations on the same method (an error)
 * @param kind which annotation
 * @param name the step's name: the method's name
 * @param after what the step waits for, as written
 * @param parameters the method's parameters
 * @param valueType what one call produces: the return type, or {@code T} of a returned {@code
 *     CompletionStage<T>}; {@code void} when it produces nothing
 * @param resultType what the step produces for its dependents and the {@code Result}: {@code
 *     valueType}, or for a step run once per element ({@code @Each}) the {@code List} of the boxed
 *     {@code valueType}; {@code void} when it produces nothing
 * @param async whether the method returns a {@code CompletionStage}
 * @param race for a racer, its race's name
 * @param wins for a racer, the name of its {@code Race.Wins} constant
 * @param hedge for a racer, its {@code hedgeAfter} and {@code hedgeUnit}
 * @param timeout its {@code @Timeout}, if any
 * @param retry its {@code @Retry}, if any
 */
public record StepModel(
    ExecutableElement method,
    AnnotationMirror annotation,
    List<AnnotationMirror> otherStepAnnotations,
    StepKind kind,
    String name,
    List<AfterEntry> after,
    List<ParameterModel> parameters,
    TypeMirror valueType,
    TypeMirror resultType,
    boolean async,
    Optional<String> race,
    Optional<String> wins,
    Optional<HedgeModel> hedge,
    Optional<TimeoutModel> timeout,
    Optional<RetryModel> retry) {

  public boolean isRacer() {
    return kind == StepKind.RACER;
  }

  /** The name of the node it is part of: its own, or its race's for a racer. */
  public String nodeName() {
    return race.orElse(name);
  }

  /** Whether the step produces no value: a {@code void} method, or a stage of {@code Void}. */
  public boolean isVoid() {
    return valueType.getKind() == TypeKind.VOID;
  }

  /** Whether {@code after} names {@code name}. */
  public boolean waitsFor(String name) {
    return after.stream().anyMatch(entry -> entry.name().equals(name));
  }

  /**
   * The parameter whose source the step runs once per element of: the first {@code @Each} one. A
   * racer never runs per element: on a racer, {@code @Each} is an error and this is empty.
   */
  public Optional<ParameterModel> each() {
    return parameters.stream().filter(this::receivesElements).findFirst();
  }

  /** Whether {@code parameter} receives one element of its source at a time: an {@code @Each} one, not on a racer. */
  public boolean receivesElements(ParameterModel parameter) {
    return parameter.isEach() && !isRacer();
  }

  /** Whether {@code parameter} receives the result (or outcome) of an {@code after} entry. */
  public boolean isDependency(ParameterModel parameter) {
    return !parameter.isContext() && waitsFor(parameter.name());
  }

  /**
   * Whether {@code parameter} is a workflow input: neither a dependency nor the context, nor an
   * {@code Outcome} (which only an after entry can give: an error where it is not one).
   */
  public boolean isInput(ParameterModel parameter) {
    return !parameter.isContext() && !parameter.receivesOutcome() && !waitsFor(parameter.name());
  }
}
