package dev.errands.runtime;

/**
 * How a step is called: generated code gives one per step, a lambda that calls the service
 * method with its arguments.
 *
 * @param <S> the service class
 */
@FunctionalInterface
public interface StepBody<S> {

  /**
   * Calls the step's method.
   *
   * @return the method's result ({@code null} for a {@code void} method); for an asynchronous step,
   *     the {@link java.util.concurrent.CompletionStage} it returned
   * @throws Throwable exactly what the method threw; the run reports it unchanged
   */
  Object call(S service, StepInput in) throws Throwable;
}
