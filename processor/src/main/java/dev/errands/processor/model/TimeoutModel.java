package dev.errands.processor.model;

import java.util.concurrent.TimeUnit;
import javax.lang.model.element.AnnotationMirror;

/** A {@code @Timeout}, on a step or on the service class. */
public record TimeoutModel(long value, TimeUnit unit, AnnotationMirror annotation) {

  /** As a user would say it: "2 s", "300 ms". */
  public String describe() {
    return describe(value, unit);
  }

  /** {@code 300 ms}, {@code 2 s}. */
  static String describe(long value, TimeUnit unit) {
    return value + " " + switch (unit) {
      case NANOSECONDS -> "ns";
      case MICROSECONDS -> "us";
      case MILLISECONDS -> "ms";
      case SECONDS -> "s";
      case MINUTES -> "min";
      case HOURS -> "h";
      case DAYS -> "d";
    };
  }
}
