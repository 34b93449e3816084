package dev.errands.temporal;

/**
 * What a step threw on a Temporal worker, as the caller sees it: the original exception's class
 * name ({@link #type()}) and message ({@link #getMessage()}), its suppressed exceptions in turn.
 * {@link #toString()} reads as the original's would ({@code java.io.IOException: boom}), so a
 * {@link dev.errands.runtime.WorkflowFailedException}'s message is the same as in-process.
 *
 * <p>The original class is not instantiated on the caller's side (that would need reflection, and
 * the class may not even be on the caller's class path); match on {@link #type()} instead of {@code
 * instanceof}. A {@code java.util.concurrent.TimeoutException} is the one exception: it comes back
 * as itself, as the contract of {@code @Timeout} promises.
 */
public final class RemoteStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;

  public RemoteStepException(String type, String message) {
    super(message, null, true, false);
    this.type = type;
  }

  /** The qualified class name of the exception the step threw. */
  public String type() {
    return type;
  }

  /** Whether the step threw an exception of class {@code type} (its exact class, by name). */
  public boolean is(Class<? extends Throwable> type) {
    return this.type.equals(type.getName());
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message != null ? type + ": " + message : type;
  }
}
