package dev.errands.runtime;

/**
 * Attached, as a suppressed exception, to the failure of a step run once per element ({@code
 * @Each}): says which element failed. The failure itself is the element's own exception, unchanged.
 *
 * <pre>{@code
 * catch (WorkflowFailedException e) {
 *     for (Throwable s : e.getCause().getSuppressed()) {
 *         if (s instanceof FailedElement element) {
 *             log.warn("comment {} of the page failed", element.index());
 *         }
 *     }
 * }
 * }</pre>
 */
public final class FailedElement extends Exception {
  private static final long serialVersionUID = 1L;

  private final String step;
  private final int index;

  FailedElement(String step, int index) {
    super("element " + index + " (0-based) of step '" + step + "' failed", null, false, false);
    this.step = step;
    this.index = index;
  }

  /** The step run once per element. */
  public String step() {
    return step;
  }

  /** The 0-based index of the element that failed. */
  public int index() {
    return index;
  }
}
