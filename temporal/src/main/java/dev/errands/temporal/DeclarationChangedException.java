package dev.errands.temporal;

import dev.errands.runtime.WorkflowFailedException;

/**
 * A run cannot go on because the declaration it started with is not the one at hand: no worker
 * that took up the run serves it (the service class changed, and its old version is not served
 * beside the new one, see {@link ErrandsWorker#serveAs}), or a client reads the result of a run
 * with a declaration whose steps or types differ. The run failed at once, before any step ran
 * with values read by another declaration.
 *
 * <p>{@link #getMessage()} says what changed ("step 'deliver' is not in the declaration this run
 * started with; …") and shows the declaration the run started with; {@link #step()} names the
 * first step that differs. {@link #getCause()} is a {@link RemoteStepException} of this class's
 * name with the same text.
 */
public final class DeclarationChangedException extends WorkflowFailedException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  /**
   * @param workflow the workflow's name
   * @param step the first step (race, racer or input) that differs
   * @param detail what changed, and the declaration the run started with
   */
  public DeclarationChangedException(String workflow, String step, String detail) {
    super(workflow, step, new RemoteStepException(DeclarationChangedException.class.getName(), detail));
    this.detail = detail;
  }

  @Override
  public String getMessage() {
    return "A run of " + workflow() + " cannot go on with this declaration: " + detail;
  }

  /** What changed, and the declaration the run started with. */
  public String detail() {
    return detail;
  }
}
