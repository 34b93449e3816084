package dev.errands.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports {@link Message}s on the most precise place known: an annotation value, an annotation, an
 * element, or a position in a source tree. Never throws, so one build shows every error of a class; counts errors so that no
 * orchestrator is written for a class that has any.
 */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  public void report(Message message, Element element, Object... args) {
    report(message, element, null, null, args);
  }

  public void report(Message message, Element element, AnnotationMirror annotation, Object... args) {
    report(message, element, annotation, null, args);
  }

  public void report(
      Message message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errors++;
    }
    messager.printMessage(message.kind(), message.format(args), element, annotation, value);
  }

  /**
   * Where a message goes when there is no element for it, such as a method of a local class that
   * only the compiler's tree API can see.
   */
  @FunctionalInterface
  public interface Position {
    void print(Diagnostic.Kind kind, String text);
  }

  public void report(Message message, Position position, Object... args) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errors++;
    }
    position.print(message.kind(), message.format(args));
  }

  /** How many errors were reported so far. */
  public int errors() {
    return errors;
  }
}
