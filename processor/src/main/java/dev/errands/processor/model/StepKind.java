package dev.errands.processor.model;

/** Which annotation made a method a step. */
public enum StepKind {
  PARALLEL("@Parallel"),
  SEQUENTIAL("@Sequential"),
  RACER("@Race");

  private final String annotation;

  StepKind(String annotation) {
    this.annotation = annotation;
  }

  /** As the user wrote it: {@code @Parallel}. */
  public String annotation() {
    return annotation;
  }
}
