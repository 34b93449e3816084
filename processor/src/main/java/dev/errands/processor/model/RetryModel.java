package dev.errands.processor.model;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.type.TypeMirror;

/**
 * A {@code @Retry} on a step or racer.
 *
 * @param attempts every attempt, the first included
 * @param delay the pause before the second attempt, in {@code unit}s
 * @param unit the unit of {@code delay}
 * @param multiplier how much longer each later pause is
 * @param on the failures that are retried, as written (the default is {@code Exception})
 * @param annotation the annotation, to report on it and its values
 */
public record RetryModel(
    int attempts, long delay, TimeUnit unit, double multiplier, List<TypeMirror> on, AnnotationMirror annotation) {

  /** The pause as a user would say it: "100 ms". */
  public String describeDelay() {
    return TimeoutModel.describe(delay, unit);
  }

  /** Whether every failure that is an {@code Exception} is retried: {@code on} left as it is. */
  public boolean onAnyException() {
    return on.size() == 1 && on.get(0).toString().equals("java.lang.Exception");
  }
}
