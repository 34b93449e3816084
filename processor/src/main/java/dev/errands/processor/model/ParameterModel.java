package dev.errands.processor.model;

import java.util.Optional;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * A parameter of a step method.
 *
 * @param element the parameter
 * @param name its name
 * @param type its declared type
 * @param role what its type makes it, whatever its name
 * @param each its {@code @Each}, if any
 * @param inputType the type it has where it is a workflow input: {@code type}, or {@code List<P>}
 *     for an {@code @Each} parameter of type {@code P} (boxed)
 */
public record ParameterModel(
    VariableElement element,
    String name,
    TypeMirror type,
    Role role,
    Optional<EachModel> each,
    TypeMirror inputType) {

  /** What a parameter's type makes it. */
  public enum Role {
    /** A {@code StepContext}: the step's own context, neither an input nor a dependency. */
    CONTEXT,
    /** An {@code Outcome<T>}: the outcome of the after entry of its name. */
    OUTCOME,
    /** Anything else: a result it receives, or a workflow input. */
    VALUE
  }

  public boolean isContext() {
    return role == Role.CONTEXT;
  }

  /**
   * Whether it receives the {@code Outcome} of a dependency rather than its value. An {@code @Each}
   * parameter receives elements, whatever their type.
   */
  public boolean receivesOutcome() {
    return role == Role.OUTCOME && each.isEmpty();
  }

  public boolean isEach() {
    return each.isPresent();
  }

  /** For an {@code Outcome<T>}, {@code T} as written (maybe a wildcard); empty for a raw {@code Outcome}. */
  public Optional<TypeMirror> outcomeArgument() {
    if (role == Role.OUTCOME && type instanceof DeclaredType declared && !declared.getTypeArguments().isEmpty()) {
      return Optional.of(declared.getTypeArguments().get(0));
    }
    return Optional.empty();
  }
}
