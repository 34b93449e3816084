package dev.errands.slf4j;

import dev.errands.runtime.ContextPropagator;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the SLF4J {@link MDC} of the thread that calls {@code run} or {@code runAsync} into every
 * step of that run, so a request ID the caller put there is in every line a step logs, whatever
 * thread runs the step. The caller's MDC is copied once, as the run starts; each step's thread gets
 * that copy for the step, and its own MDC back after it, so nothing is left on an executor's
 * threads. What a step puts in the MDC stays with that step.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service, RunOptions.builder()
 *     .propagate(new MdcPropagator())
 *     .build());
 * }</pre>
 *
 * Stateless and thread-safe: one instance serves any number of orchestrators.
 */
public final class MdcPropagator implements ContextPropagator<Map<String, String>> {

  @Override
  public Map<String, String> capture() {
    return MDC.getCopyOfContextMap(); // a copy: the caller may change its MDC while the run goes on
  }

  @Override
  public Object install(Map<String, String> captured) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    set(captured);
    return previous;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Object previous) {
    set((Map<String, String>) previous);
  }

  private static void set(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }

  @Override
  public String toString() {
    return "MdcPropagator";
  }
}
