package dev.errands.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
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
 * @param valueType what the step produces: the return type, or {@code T} of a returned {@code
 *     CompletionStage<T>}; {@code void} when it produces nothing
 * @param async whether the method returns a {@code CompletionStage}
 * @param race for a racer, its race's name
 * @param wins for a racer, the name of its {@code Race.Wins} constant
 * @param timeout its {@code @Timeout}, if any
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
    boolean async,
    Optional<String> race,
    Optional<String> wins,
    Optional<TimeoutModel> timeout) {

  public boolean isRacer() {
    return kind == StepKind.RACER;
  }

  /** Whether the step produces no value: a {@code void} method, or a stage of {@code Void}. */
  public boolean isVoid() {
    return valueType.getKind() == javax.lang.model.type.TypeKind.VOID;
  }

  /** Whether {@code after} names {@code name}. */
  public boolean waitsFor(String name) {
    return after.stream().anyMatch(entry -> entry.name().equals(name));
  }
}
