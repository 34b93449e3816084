package dev.errands.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowView;
import dev.errands.temporal.Wire.Declaration;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.VersioningBehavior;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.TypeAlreadyRegisteredException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.DynamicWorkflow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
 *
 * <p>Each run records the declaration it started with, and runs on the version of its workflow
 * with that declaration's {@linkplain #fingerprint fingerprint}, steps included: a worker can serve
 * several versions of one workflow ({@link #serveAs}), and fails a run whose declaration it does not
 * serve at once, with a {@link DeclarationChangedException}.
 */
public final class ErrandsWorker {
  private final Options options;
  private final Worker worker;
  private final WorkflowImplementationOptions workflowOptions;
  private final boolean versioned;
  private final Map<String, List<Served<?>>> workflows = new ConcurrentHashMap<>(); // versions by workflow name, as served
  private final Map<String, Served<?>> byFingerprint = new ConcurrentHashMap<>();
  private final List<Map.Entry<String, String>> aliases = new CopyOnWriteArrayList<>(); // (name now, old name)
  private final Map<String, Served<?>> byOldFingerprint = new ConcurrentHashMap<>(); // before value classes were renamed

  private ErrandsWorker(Options options, Worker worker, WorkflowImplementationOptions workflowOptions) {
    this.options = options;
    this.worker = worker;
    this.workflowOptions = workflowOptions;
    WorkerDeploymentOptions deployment = worker.getWorkerOptions().getDeploymentOptions();
    this.versioned = deployment != null && deployment.isUsingVersioning();
  }

  /**
   * Registers errands' workflow and activity implementations on {@code worker}, with default
   * options and {@link #workflowImplementationOptions()}.
   */
  public static ErrandsWorker on(Worker worker) {
    return on(worker, Options.defaults());
  }

  /**
   * Registers errands' workflow and activity implementations on {@code worker}, with {@link
   * #workflowImplementationOptions()}.
   */
  public static ErrandsWorker on(Worker worker, Options options) {
    return on(worker, options, workflowImplementationOptions());
  }

  /**
   * Registers errands' workflow and activity implementations on {@code worker}; its workflow
   * implementation takes {@code workflowOptions} as they are. Start from {@link
   * #workflowImplementationOptions()} to keep what errands sets there: {@code
   * WorkflowImplementationOptions.newBuilder(ErrandsWorker.workflowImplementationOptions())}.
   * Errands schedules each step with activity options of its own (from {@link Options}), so the
   * activity options set here do not apply to steps.
   *
   * @throws IllegalStateException when {@code worker} already has an ErrandsWorker (a worker can
   *     have only one: serve every workflow through it), or another dynamic workflow or activity
   */
  public static ErrandsWorker on(Worker worker, Options options, WorkflowImplementationOptions workflowOptions) {
    var errands = new ErrandsWorker(Objects.requireNonNull(options, "options"), worker,
        Objects.requireNonNull(workflowOptions, "workflowOptions"));
    try {
      worker.registerWorkflowImplementationFactory(DynamicWorkflow.class, () -> new GraphWorkflow(errands), workflowOptions);
      worker.registerActivitiesImplementations(new StepActivity(errands));
    } catch (TypeAlreadyRegisteredException e) {
      throw new IllegalStateException("the worker of task queue " + worker.getTaskQueue() + " already has a dynamic workflow"
          + " or activity: a worker can have only one ErrandsWorker (serve every workflow through it), and no other"
          + " DynamicWorkflow or DynamicActivity", e);
    }
    return errands;
  }

  /**
   * The workflow implementation options that {@link #on(Worker)} and {@link #on(Worker, Options)}
   * use: a {@link NonDeterministicException} fails the run (Temporal's default is to retry its
   * workflow task until a worker with compatible code takes it, leaving the run open meanwhile). To
   * keep Temporal's default instead, pass {@code WorkflowImplementationOptions.getDefaultInstance()}
   * to {@link #on(Worker, Options, WorkflowImplementationOptions)}.
   */
  public static WorkflowImplementationOptions workflowImplementationOptions() {
    return WorkflowImplementationOptions.newBuilder()
        .setFailWorkflowExceptionTypes(NonDeterministicException.class)
        .build();
  }

  /**
   * Serves {@code workflow} (an orchestrator's declaration, {@code XOrchestrator.workflow()}) with
   * the steps of {@code service}. The service instance is shared by every run, as an
   * orchestrator's is.
   *
   * <p>A run is bound to the declaration it started with (its {@linkplain #fingerprint
   * fingerprint}): this worker continues only runs that started with a declaration it serves, and
   * fails any other at once with a {@link DeclarationChangedException} saying what changed. To let
   * runs in flight finish on the code they started with, serve the old version beside the new one
   * with {@link #serveAs}.
   *
   * @throws IllegalStateException when this worker already serves the same declaration
   */
  public <S> ErrandsWorker serve(Workflow<S, ?> workflow, S service) {
    WorkflowView<S, ?> view = workflow.view();
    return serve(view.name(), view, service);
  }

  /**
   * Serves {@code workflow} as a version of the workflow named {@code name}: typically the old
   * version of a service class, kept as a copy under another name ({@code ProfileServiceV1}), so
   * that the runs it started finish on its code while new runs take the new one, served with
   * {@link #serve}. Its runs are those that started with a declaration whose fingerprint is that of
   * {@code workflow} under {@code name}: the copy must keep the steps, {@code after}s, inputs, types
   * and options of the old version (its source order does not matter).
   *
   * <pre>{@code
   * ErrandsWorker.on(factory.newWorker("profiles"))
   *     .serve(ProfileServiceOrchestrator.workflow(), new ProfileService(http))          // new runs
   *     .serveAs("com.acme.ProfileService",                                              // runs in flight
   *         ProfileServiceV1Orchestrator.workflow(), new ProfileServiceV1(http));
   * }</pre>
   *
   * @param name the workflow's name: the qualified name of the service class it is a version of
   * @throws IllegalStateException when this worker already serves the same declaration
   */
  public <S> ErrandsWorker serveAs(String name, Workflow<S, ?> workflow, S service) {
    return serve(Objects.requireNonNull(name, "name"), workflow.view(), service);
  }

  private <S> ErrandsWorker serve(String name, WorkflowView<S, ?> view, S service) {
    Declaration declaration = Declarations.of(name, view);
    var served = new Served<>(name, view, Objects.requireNonNull(service, "service"), declaration);
    synchronized (this) {
      if (byFingerprint.putIfAbsent(declaration.fingerprint(), served) != null) {
        throw new IllegalStateException(name + " (declaration " + declaration.fingerprint() + ") is already served by this worker");
      }
      workflows.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(served);
      servedBefore(served);
    }
    DynamicWorkflowOptions.register(worker, name, workflowOptions);
    DynamicWorkflowOptions.register(worker, name + GraphWorkflow.SLICE, workflowOptions);
    return this;
  }

  /**
   * Serves the runs that recorded {@code oldName} where a type of a served declaration now names
   * {@code type}: how a value class of a declared type (a step's result, an input, a record field)
   * is renamed or moved without failing the runs stored before, which recorded its old name in
   * their declaration. Say {@code com.acme.Receipt} became {@code com.acme.billing.Voucher}:
   *
   * <pre>{@code
   * ErrandsWorker.on(worker)
   *     .serve(ShopOrchestrator.workflow(), new Shop())
   *     .alias("com.acme.Receipt", Voucher.class);
   * }</pre>
   *
   * The values of a declared type carry no name, so nothing else is needed for them; where the
   * class also crosses untyped places under its class name, alias it in the data converter too
   * ({@link ErrandsDataConverter.Builder#alias}). It applies to every declaration served, before or
   * after; the declarations' own fingerprints are unchanged.
   *
   * @param oldName the class's old name: qualified, nested classes after a dot or a dollar
   */
  public synchronized ErrandsWorker alias(String oldName, Class<?> type) {
    if (Objects.requireNonNull(oldName, "oldName").isBlank()) {
      throw new IllegalArgumentException("an old class name may not be blank");
    }
    String now = Objects.requireNonNull(type, "type").getCanonicalName();
    if (now == null) {
      throw new IllegalArgumentException(type.getName() + " has no canonical name: a declared type cannot name it");
    }
    aliases.add(Map.entry(now, oldName.replace('$', '.')));
    workflows.values().forEach(versions -> versions.forEach(this::servedBefore));
    return this;
  }

  /** Registers the fingerprints {@code served}'s declaration had before the classes aliased were renamed. */
  private void servedBefore(Served<?> served) {
    if (aliases.isEmpty()) {
      return;
    }
    for (String old : Declarations.fingerprintsBefore(served.declaration(), aliases)) {
      byOldFingerprint.putIfAbsent(old, served);
    }
  }

  /**
   * The fingerprint of {@code workflow}'s declaration, which each of its runs records: a hash of
   * its steps, races and racers, their {@code after}, inputs, types (as the processor recorded
   * them) and options ({@code @Race} kind, tolerated {@code Outcome}s, {@code @Each} and its limit,
   * {@code @Retry}, {@code @Timeout}), but not of the source order of its methods.
   */
  public static String fingerprint(Workflow<?, ?> workflow) {
    return Declarations.fingerprint(workflow.view());
  }

  /**
   * Checks that this worker can continue the run recorded in {@code history} (a history exported
   * with {@code temporal workflow show --output json}, or fetched with {@code
   * WorkflowClient.fetchHistory}): that it serves the declaration the run started with. Together
   * with Temporal's {@code WorkflowReplayer} run on this worker's {@code Worker}, which checks
   * that errands' own workflow code replays it, it tells in a test whether a change can ship
   * while such runs are in flight.
   *
   * @return the fingerprint of the declaration the run started with
   * @throws DeclarationChangedException when this worker does not serve it, saying what changed
   * @throws IllegalArgumentException when {@code history} is not that of a run of errands
   */
  public String check(WorkflowExecutionHistory history) {
    HistoryEvent first = history.getEvents().isEmpty() ? null : history.getEvents().get(0);
    if (first == null || !first.hasWorkflowExecutionStartedEventAttributes()) {
      throw new IllegalArgumentException("the history does not start with WorkflowExecutionStarted");
    }
    var started = first.getWorkflowExecutionStartedEventAttributes();
    Declaration declaration;
    try {
      // Only the declaration is read: the inputs' classes need not be on this class path.
      ObjectMapper mapper = ErrandsDataConverter.objectMapper();
      JsonNode args = mapper.readTree(started.getInput().getPayloads(0).getData().toByteArray());
      declaration = mapper.treeToValue(args.get("declaration"), Declaration.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the history of " + started.getWorkflowType().getName()
          + " is not that of a run of errands-temporal's current version: " + e.getMessage(), e);
    }
    if (declaration == null) {
      throw new IllegalArgumentException("the run of " + started.getWorkflowType().getName() + " recorded no declaration");
    }
    if (served(declaration.fingerprint()) == null) {
      throw mismatch(declaration);
    }
    return declaration.fingerprint();
  }

  Options options() {
    return options;
  }

  /**
   * The versioning behaviour errands' workflow reports: the one of {@link Options} on a worker that
   * uses Worker Versioning, none otherwise (the service refuses a behaviour from a worker that
   * does not).
   */
  VersioningBehavior versioningBehavior() {
    return versioned ? options.versioningBehavior() : VersioningBehavior.UNSPECIFIED;
  }

  /** The version that serves runs started with declaration {@code fingerprint}, or null. */
  Served<?> served(String fingerprint) {
    if (fingerprint == null) {
      return null;
    }
    Served<?> served = byFingerprint.get(fingerprint);
    return served != null ? served : byOldFingerprint.get(fingerprint);
  }

  /** Why this worker does not continue a run that started with {@code started}. */
  DeclarationChangedException mismatch(Declaration started) {
    List<Served<?>> versions = workflows.getOrDefault(started.workflow(), List.of());
    var declarations = new ArrayList<Declaration>();
    for (int i = versions.size() - 1; i >= 0; i--) { // the last served first: the newest, by convention
      declarations.add(versions.get(i).declaration());
    }
    return Declarations.mismatch(started, declarations);
  }

  /**
   * One version of a workflow: its declaration under {@code name}, the service whose methods its
   * steps call, its tasks by name, and the types its values cross as.
   */
  record Served<S>(String name, WorkflowView<S, ?> view, S service, Declaration declaration, Map<String, Integer> tasks,
      Values values) {
    Served(String name, WorkflowView<S, ?> view, S service, Declaration declaration) {
      this(name, view, service, declaration, tasksByName(view), Values.of(view, service.getClass().getClassLoader()));
    }

    private static Map<String, Integer> tasksByName(WorkflowView<?, ?> view) {
      var tasks = new HashMap<String, Integer>();
      for (WorkflowView.Task task : view.tasks()) {
        tasks.put(task.name(), task.index());
      }
      return Map.copyOf(tasks);
    }

    /** The index of task {@code name} in this version's view, or -1. */
    int task(String name) {
      return tasks.getOrDefault(name, -1);
    }
  }

  /**
   * How steps run as activities. These options are read by the workflow code when it schedules
   * activities, and by the worker when it runs them, so give every worker of a task queue the same
   * ones.
   *
   * @param heartbeat how often a running step tells Temporal it is alive. A step whose worker
   *     died is retried after this long; a cancelled step (a race's loser, a step of a failed run)
   *     learns of its cancellation within about this long, and is then interrupted.
   * @param defaultStepTimeout the bound on one attempt of a step without {@code @Timeout}, when
   *     the class has no {@code @Timeout} either: the worker interrupts the step then, and it fails
   *     with a {@code TimeoutException}, as if it had this {@code @Timeout} (1 h by default)
   * @param lostWorkerRetries how many times one attempt of a step is run again on another worker
   *     after its worker was lost (no heartbeat for {@code heartbeat}, a worker shutting down, or a
   *     worker that could not report within the attempt's bound). These runs are not attempts of
   *     its {@code @Retry}; once they are used up, the step fails with a {@code TimeoutException},
   *     which its {@code @Retry} does not retry (3 by default; 0: a lost worker fails the step). An
   *     attempt, all its runs together, is also bounded by Temporal's schedule-to-close timeout:
   *     (its timeout + {@code heartbeat}) &times; (1 + {@code lostWorkerRetries}) + 10 s between
   *     runs, and at least {@code defaultStepTimeout}
   * @param payloadLimit the largest value, in bytes as the data converter in use encodes it, that
   *     crosses Temporal: a step's result, a step's arguments, a run's result. A larger one fails
   *     its step (or the run) with a message saying so, before it is sent, and is not retried.
   *     Temporal refuses payloads over 2 MiB by default ({@code limit.blobSize.error}), and
   *     requests over 4 MiB; 2 MiB by default
   * @param versioningBehavior the Worker Versioning behaviour of errands' workflow on a worker
   *     with {@code WorkerOptions.setDeploymentOptions} that use versioning: {@code PINNED} by
   *     default, so that a run ends on the build it started on. Not reported by a worker that does
   *     not use versioning, which the service would refuse
   * @param fanOutSlice the most elements of one {@code @Each} that one workflow history holds: a
   *     fan-out over more runs in child workflows of this many elements each (1,000 by default,
   *     about 4,000 events and 1 MB of history for short values). A run records the value it used
   *     first, so a change applies to new runs only
   */
  public record Options(
      Duration heartbeat,
      Duration defaultStepTimeout,
      int lostWorkerRetries,
      long payloadLimit,
      VersioningBehavior versioningBehavior,
      int fanOutSlice) {
    /** 2 MiB: Temporal's default limit on one payload. */
    public static final long DEFAULT_PAYLOAD_LIMIT = 2L * 1024 * 1024;
    /** Three runs after lost workers, four in all, for each attempt of a step. */
    public static final int DEFAULT_LOST_WORKER_RETRIES = 3;
    /** 1,000 elements of a fan-out in one history. */
    public static final int DEFAULT_FAN_OUT_SLICE = 1_000;

    public Options {
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
      }
      if (defaultStepTimeout.isNegative() || defaultStepTimeout.isZero()) {
        throw new IllegalArgumentException("defaultStepTimeout must be positive: " + defaultStepTimeout);
      }
      if (lostWorkerRetries < 0) {
        throw new IllegalArgumentException("lostWorkerRetries must not be negative: " + lostWorkerRetries);
      }
      if (payloadLimit <= 0) {
        throw new IllegalArgumentException("payloadLimit must be positive: " + payloadLimit);
      }
      Objects.requireNonNull(versioningBehavior, "versioningBehavior");
      if (fanOutSlice < 1) {
        throw new IllegalArgumentException("fanOutSlice must be positive: " + fanOutSlice);
      }
    }

    /** The options with the default {@code fanOutSlice}. */
    public Options(Duration heartbeat, Duration defaultStepTimeout, int lostWorkerRetries, long payloadLimit,
        VersioningBehavior versioningBehavior) {
      this(heartbeat, defaultStepTimeout, lostWorkerRetries, payloadLimit, versioningBehavior, DEFAULT_FAN_OUT_SLICE);
    }

    /** The options with {@code heartbeat} and {@code defaultStepTimeout}, and the defaults of the others. */
    public Options(Duration heartbeat, Duration defaultStepTimeout) {
      this(heartbeat, defaultStepTimeout, DEFAULT_LOST_WORKER_RETRIES, DEFAULT_PAYLOAD_LIMIT, VersioningBehavior.PINNED,
          DEFAULT_FAN_OUT_SLICE);
    }

    /**
     * A heartbeat of 5 s, steps without {@code @Timeout} bounded by an hour, 3 runs after lost
     * workers, payloads up to 2 MiB, runs pinned to their build under Worker Versioning.
     */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), Duration.ofHours(1));
    }

    public Options withHeartbeat(Duration heartbeat) {
      return new Options(heartbeat, defaultStepTimeout, lostWorkerRetries, payloadLimit, versioningBehavior, fanOutSlice);
    }

    public Options withDefaultStepTimeout(Duration timeout) {
      return new Options(heartbeat, timeout, lostWorkerRetries, payloadLimit, versioningBehavior, fanOutSlice);
    }

    public Options withLostWorkerRetries(int retries) {
      return new Options(heartbeat, defaultStepTimeout, retries, payloadLimit, versioningBehavior, fanOutSlice);
    }

    public Options withPayloadLimit(long bytes) {
      return new Options(heartbeat, defaultStepTimeout, lostWorkerRetries, bytes, versioningBehavior, fanOutSlice);
    }

    /** At most {@code elements} elements of one fan-out in one workflow history; the rest in child workflows. */
    public Options withFanOutSlice(int elements) {
      return new Options(heartbeat, defaultStepTimeout, lostWorkerRetries, payloadLimit, versioningBehavior, elements);
    }

    public Options withVersioningBehavior(VersioningBehavior behavior) {
      return new Options(heartbeat, defaultStepTimeout, lostWorkerRetries, payloadLimit, behavior, fanOutSlice);
    }
  }
}
