package dev.errands.temporal;

import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowView;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicWorkflow;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker side: serves workflow declarations, each with the service instance whose methods its
 * steps call, on a Temporal {@link Worker} (and so on its task queue).
 *
 * <pre>{@code
 * WorkerFactory factory = WorkerFactory.newInstance(client);   // client: with ErrandsDataConverter
 * ErrandsWorker.on(factory.newWorker("profiles"))
 *     .serve(ProfileServiceOrchestrator.workflow(), new ProfileService(http));
 * factory.start();
 * }</pre>
 *
 * <p>For each declaration, the worker runs its graph as a Temporal workflow whose type is the
 * service class's qualified name, and each of its steps (each racer, each element of an {@code
 * @Each}) as an activity of type {@code <service class>.<step>}. It registers one {@link
 * DynamicWorkflow} and one {@link io.temporal.activity.DynamicActivity} on the worker, so a worker
 * can have only one {@code ErrandsWorker}; serve all declarations through it. Serve before the
 * factory starts. Thread-safe.
 */
public final class ErrandsWorker {
  private final Options options;
  private final Map<String, Served<?>> workflows = new ConcurrentHashMap<>();
  private final Map<String, Step> activities = new ConcurrentHashMap<>();

  private ErrandsWorker(Options options) {
    this.options = options;
  }

  /** Registers errands' workflow and activity implementations on {@code worker}, with default options. */
  public static ErrandsWorker on(Worker worker) {
    return on(worker, Options.defaults());
  }

  /** Registers errands' workflow and activity implementations on {@code worker}. */
  public static ErrandsWorker on(Worker worker, Options options) {
    var errands = new ErrandsWorker(Objects.requireNonNull(options, "options"));
    worker.registerWorkflowImplementationFactory(DynamicWorkflow.class, () -> new GraphWorkflow(errands));
    worker.registerActivitiesImplementations(new StepActivity(errands));
    return errands;
  }

  /**
   * Serves {@code workflow} (an orchestrator's declaration, {@code XOrchestrator.workflow()}) with
   * the steps of {@code service}. The service instance is shared by every run, as an
   * orchestrator's is.
   */
  public <S> ErrandsWorker serve(Workflow<S, ?> workflow, S service) {
    WorkflowView<S, ?> view = workflow.view();
    var served = new Served<>(view, Objects.requireNonNull(service, "service"));
    if (workflows.putIfAbsent(view.name(), served) != null) {
      throw new IllegalStateException(view.name() + " is already served by this worker");
    }
    for (WorkflowView.Task task : view.tasks()) {
      activities.put(activityType(view, task.index()), new Step(served, task.index()));
    }
    return this;
  }

  static String activityType(WorkflowView<?, ?> view, int task) {
    return view.name() + "." + view.tasks().get(task).name();
  }

  Options options() {
    return options;
  }

  Served<?> workflow(String type) {
    Served<?> served = workflows.get(type);
    if (served == null) {
      throw new IllegalStateException("no errands workflow " + type + " is served by this worker; served: " + workflows.keySet());
    }
    return served;
  }

  Step step(String activityType) {
    Step step = activities.get(activityType);
    if (step == null) {
      throw new IllegalStateException("no errands step " + activityType + " is served by this worker");
    }
    return step;
  }

  record Served<S>(WorkflowView<S, ?> view, S service) {}

  record Step(Served<?> served, int task) {}

  /**
   * How steps run as activities. These options are read by the workflow code when it schedules
   * activities, so give every worker of a task queue the same ones.
   *
   * @param heartbeat how often a running step tells Temporal it is alive. A step whose worker
   *     died is retried after this long; a cancelled step (a race's loser, a step of a failed run)
   *     learns of its cancellation within about this long, and is then interrupted.
   * @param defaultStepTimeout the bound on one attempt of a step without {@code @Timeout} (Temporal
   *     needs one); a class {@code @Timeout} is used instead when there is one
   */
  public record Options(Duration heartbeat, Duration defaultStepTimeout) {
    public Options {
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
      }
      if (defaultStepTimeout.isNegative() || defaultStepTimeout.isZero()) {
        throw new IllegalArgumentException("defaultStepTimeout must be positive: " + defaultStepTimeout);
      }
    }

    /** A heartbeat of 5 s, and steps without {@code @Timeout} bounded by an hour. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), Duration.ofHours(1));
    }

    public Options withHeartbeat(Duration heartbeat) {
      return new Options(heartbeat, defaultStepTimeout);
    }

    public Options withDefaultStepTimeout(Duration timeout) {
      return new Options(heartbeat, timeout);
    }
  }
}
