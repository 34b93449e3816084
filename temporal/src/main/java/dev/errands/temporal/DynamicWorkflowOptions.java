package dev.errands.temporal;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.lang.reflect.Field;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives errands' {@code DynamicWorkflow} its {@link WorkflowImplementationOptions}, which the SDK
 * (1.38.0) drops: {@code Worker.registerWorkflowImplementationFactory(DynamicWorkflow.class,
 * factory, options)} keeps the factory and ignores the options (temporalio/sdk-java issue 1241),
 * so a non-determinism error would retry its workflow task forever whatever the options say. The
 * SDK looks a run's options up by its workflow type's name in a map of the worker's workflow
 * factory, even for a dynamic workflow; this puts them there for each type errands serves.
 *
 * <p>It reaches private fields of the SDK ({@code Worker.workflowWorker}, {@code
 * SyncWorkflowWorker.factory}, {@code POJOWorkflowImplementationFactory.implementationOptions}):
 * when an SDK version moves them, it logs a warning once and changes nothing, and
 * {@code EveryRunEndsTest} fails. Remove it once the SDK honours the options.
 */
final class DynamicWorkflowOptions {
  private static final Logger log = LoggerFactory.getLogger(DynamicWorkflowOptions.class);
  private static volatile boolean warned;

  private DynamicWorkflowOptions() {}

  /** Makes runs of {@code workflowType} on {@code worker} use {@code options}; false if the SDK did not let it. */
  static boolean register(Worker worker, String workflowType, WorkflowImplementationOptions options) {
    try {
      Object syncWorkflowWorker = field(worker, "workflowWorker");
      Object factory = field(syncWorkflowWorker, "factory");
      @SuppressWarnings("unchecked")
      var byType = (Map<String, WorkflowImplementationOptions>) field(factory, "implementationOptions");
      byType.put(workflowType, options);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!warned) {
        warned = true;
        log.warn("errands could not give its workflow its WorkflowImplementationOptions on this Temporal SDK;"
            + " a non-determinism error will retry its workflow task instead of failing the run: {}", e.toString());
      }
      return false;
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException next) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }
}
