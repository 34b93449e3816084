package dev.errands.runtime;

/**
 * Builds the {@code Result} record of a successful run from the results of its steps and races.
 *
 * @param <R> the generated {@code Result} record
 */
@FunctionalInterface
public interface ResultFactory<R> {
  R create(StepInput in);
}
