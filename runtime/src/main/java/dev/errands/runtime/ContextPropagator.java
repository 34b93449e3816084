package dev.errands.runtime;

import java.util.Objects;

/**
 * Carries the context of the thread that calls {@code run} or {@code runAsync} — thread-locals
 * such as a logging MDC or a tracing context — into every step of that run, whatever thread runs
 * the step: a step's virtual thread, an executor's thread, or the thread that completed an
 * asynchronous step. The context is captured once, at the start of the run, installed before each
 * step and restored after it.
 *
 * <pre>{@code
 * RunOptions.builder()
 *     .propagate(ContextPropagator.of(REQUEST_ID))        // a ThreadLocal<String>
 *     .propagate(new MdcPropagator())                      // an adapter of your own
 *     .build();
 * }</pre>
 *
 * @param <C> what is captured
 */
public interface ContextPropagator<C> {

  /** Captures the context of the calling thread; called once per run, on the caller's thread. */
  C capture();

  /**
   * Installs {@code captured} on the current thread, before a step runs there.
   *
   * @return what {@link #restore} needs to put the thread back as it was
   */
  Object install(C captured);

  /** Puts the current thread back as it was before {@link #install}, after the step. */
  void restore(Object previous);

  /** Carries the value of {@code local}. */
  static <T> ContextPropagator<T> of(ThreadLocal<T> local) {
    Objects.requireNonNull(local, "local");
    return new ContextPropagator<>() {
      @Override
      public T capture() {
        return local.get();
      }

      @Override
      public Object install(T captured) {
        T previous = local.get();
        local.set(captured);
        return previous;
      }

      @Override
      @SuppressWarnings("unchecked")
      public void restore(Object previous) {
        if (previous == null) {
          local.remove();
        } else {
          local.set((T) previous);
        }
      }
    };
  }
}
