package dev.errands.processor.scan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** The names of Errands' annotations, and reading their values without loading their classes. */
public final class Annotations {
  public static final String PARALLEL = "dev.errands.Parallel";
  public static final String SEQUENTIAL = "dev.errands.Sequential";
  public static final String RACE = "dev.errands.Race";
  public static final String TIMEOUT = "dev.errands.Timeout";
  public static final String RETRY = "dev.errands.Retry";
  public static final String EACH = "dev.errands.Each";

  /** Runtime types that give a parameter a role; named, as the processor does not depend on the runtime. */
  public static final String OUTCOME = "dev.errands.runtime.Outcome";

  public static final String STEP_CONTEXT = "dev.errands.runtime.StepContext";

  /** The annotations that make a method a step. */
  public static final List<String> STEP_ANNOTATIONS = List.of(PARALLEL, SEQUENTIAL, RACE);

  /** Every annotation of Errands. */
  public static final List<String> ALL = List.of(PARALLEL, SEQUENTIAL, RACE, TIMEOUT, RETRY, EACH);

  private Annotations() {}

  /** {@code @Timeout}, as a message writes an annotation. */
  public static String simpleName(String annotation) {
    return "@" + annotation.substring(annotation.lastIndexOf('.') + 1);
  }

  public static String nameOf(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  public static Optional<AnnotationMirror> find(Element element, String annotation) {
    return element.getAnnotationMirrors().stream()
        .filter(m -> nameOf(m).equals(annotation))
        .map(m -> (AnnotationMirror) m)
        .findFirst();
  }

  /** The value of {@code member}, its default when not written. */
  public static AnnotationValue value(Elements elements, AnnotationMirror mirror, String member) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (var entry : values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException(nameOf(mirror) + " has no member " + member);
  }

  /** The value of {@code member} as written in the source; empty when it takes its default. */
  public static Optional<AnnotationValue> written(AnnotationMirror mirror, String member) {
    for (var entry : mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * The value of {@code member} as written, for an error to point at; null, which points at the
   * whole annotation, where it takes its default.
   */
  public static AnnotationValue writtenOrNull(AnnotationMirror mirror, String member) {
    return written(mirror, member).orElse(null);
  }

  /**
   * Whether a written value names something that does not exist (yet): a constant of a class that
   * another processor has not generated. javac shows such a value as {@code <error>} (a string
   * constant prints with its quotes, so it cannot be mistaken for one).
   */
  public static boolean isErroneous(AnnotationValue value) {
    if (value.getValue() instanceof List<?> list) {
      return list.stream().anyMatch(v -> v instanceof AnnotationValue a && isErroneous(a));
    }
    return "<error>".equals(value.toString());
  }
}
