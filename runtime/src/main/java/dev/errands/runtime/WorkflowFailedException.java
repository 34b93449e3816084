package dev.errands.runtime;

import java.util.Objects;

/**
 * A run failed: a step threw, a race was decided by a failure, or a timeout passed.
 *
 * <p>{@link #step()} names the step that failed (for a race decided by a failure, the racer; for
 * a {@code FIRST_TO_SUCCEED} race whose racers all failed, the race). {@link #getCause()} is
 * exactly what the step threw: never wrapped in an {@code ExecutionException} or {@code
 * CompletionException}. Other genuine failures seen while the run wound down are attached to the
 * cause or to this exception as suppressed exceptions; interruptions caused by the run's own
 * cancellation never are.
 */
public class WorkflowFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String workflow;
  private final String step;

  /**
   * @param workflow the qualified name of the service class
   * @param step the name of the step, racer or race that failed
   * @param cause what it threw
   */
  public WorkflowFailedException(String workflow, String step, Throwable cause) {
    super("Step '" + step + "' of " + workflow + " failed: " + cause, Objects.requireNonNull(cause));
    this.workflow = workflow;
    this.step = step;
  }

  /** The qualified name of the service class whose run failed. */
  public String workflow() {
    return workflow;
  }

  /** The name of the step (or racer, or race) that failed. */
  public String step() {
    return step;
  }
}
