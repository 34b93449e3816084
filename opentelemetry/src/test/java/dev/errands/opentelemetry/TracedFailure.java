package dev.errands.opentelemetry;

import dev.errands.Parallel;

/** A step that fails. */
class TracedFailure {
  @Parallel
  String broken() {
    throw new IllegalStateException("out of dough");
  }
}
