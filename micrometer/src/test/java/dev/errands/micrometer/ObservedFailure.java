package dev.errands.micrometer;

import dev.errands.Parallel;

/** A step that fails. */
class ObservedFailure {
  @Parallel
  String broken() {
    throw new IllegalStateException("out of dough");
  }
}
