package dev.errands.runtime;

import java.util.List;

/**
 * The context of the thread that started a run, as its {@link ContextPropagator}s captured it:
 * installed around each step of the run, whatever thread runs it, and restored after it.
 */
final class CapturedContext {
  private final List<ContextPropagator<?>> propagators;
  private final Object[] captured;

  private CapturedContext(List<ContextPropagator<?>> propagators) {
    this.propagators = propagators;
    this.captured = new Object[propagators.size()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = propagators.get(i).capture();
    }
  }

  /** Captures the calling thread's context, or returns null when there is nothing to propagate. */
  static CapturedContext capture(List<ContextPropagator<?>> propagators) {
    return propagators.isEmpty() ? null : new CapturedContext(propagators);
  }

  /**
   * Calls {@code body} with the context installed on the current thread, and restores what was
   * there before: exactly what {@code body} returns or throws, or what a propagator that cannot
   * install throws (it fails the step, like the step itself).
   */
  Object around(Body body) throws Throwable {
    Object[] previous = new Object[captured.length];
    int installed = 0;
    try {
      for (; installed < previous.length; installed++) {
        previous[installed] = install(propagators.get(installed), captured[installed]);
      }
      return body.call();
    } finally {
      for (int i = installed - 1; i >= 0; i--) { // the last installed first
        try {
          propagators.get(i).restore(previous[i]);
        } catch (Throwable x) {
          Run.LOG.log(System.Logger.Level.WARNING, "a ContextPropagator threw while restoring a thread; ignored", x);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <C> Object install(ContextPropagator<C> propagator, Object captured) {
    return propagator.install((C) captured);
  }

  /** What runs with the context installed. */
  @FunctionalInterface
  interface Body {
    Object call() throws Throwable;
  }
}
