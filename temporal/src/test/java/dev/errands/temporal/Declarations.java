package dev.errands.temporal;

import dev.errands.runtime.Workflow;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The declaration a generated orchestrator holds. Generated orchestrators get a public static
 * {@code workflow()} accessor; until then this test helper (tests only: the library never reflects)
 * reads the private {@code WORKFLOW} field, so the tests run the very declarations the processor
 * writes.
 */
final class Declarations {
  private Declarations() {}

  @SuppressWarnings("unchecked")
  static <S, R> Workflow<S, R> of(Class<?> orchestrator) {
    try {
      try {
        Method accessor = orchestrator.getMethod("workflow");
        return (Workflow<S, R>) accessor.invoke(null);
      } catch (NoSuchMethodException notYet) {
        Field field = orchestrator.getDeclaredField("WORKFLOW");
        field.setAccessible(true);
        return (Workflow<S, R>) field.get(null);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read the declaration of " + orchestrator, e);
    }
  }
}
