package dev.errands.temporal;

/**
 * {@link ErrandsClient#start(String, dev.errands.runtime.Workflow, Object...)} was given the
 * workflow id of a run that is still running (or that Temporal's id reuse policy keeps): Temporal
 * refuses a second one. {@link ErrandsClient#attach} to it instead.
 */
public final class RunAlreadyStartedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String workflowId;

  RunAlreadyStartedException(String workflowId, String message) {
    super(message);
    this.workflowId = workflowId;
  }

  /** The workflow id already taken. */
  public String workflowId() {
    return workflowId;
  }
}
