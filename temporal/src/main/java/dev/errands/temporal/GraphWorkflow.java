package dev.errands.temporal;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.WorkflowView;
import dev.errands.runtime.schedule.Elements;
import dev.errands.runtime.schedule.Graph;
import dev.errands.runtime.schedule.Schedule;
import dev.errands.temporal.Wire.Declaration;
import dev.errands.temporal.Wire.RunArgs;
import dev.errands.temporal.Wire.RunFailure;
import dev.errands.temporal.Wire.RunResult;
import dev.errands.temporal.Wire.StepArgs;
import dev.errands.temporal.Wire.StepError;
import dev.errands.temporal.Wire.Value;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.internal.sync.WorkflowInternal;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The deterministic workflow code that runs a declaration on Temporal: the mechanism around the
 * same {@link Schedule} the in-process engine drives, so both follow the same rules (what starts
 * when, races, tolerated nodes, {@code @Each} limits and fail-fast, {@code @Retry}, which failure is
 * the cause and which are suppressed, what is cancelled). What is Temporal's stays here: an
 * execution (one attempt of a step, a racer or an element) is an activity in a {@link
 * CancellationScope} of its own, cancelled when the schedule gives up on it; the pause before a
 * retry and the class {@code @Timeout} are workflow timers; failures cross as {@link StepError}s.
 *
 * <p>Everything happens on the workflow thread, in promise callbacks, in the order Temporal
 * delivers events; the schedule and this class keep their state in arrays and lists indexed by
 * execution, never in hash-ordered collections, so a replay takes the same decisions: no threads,
 * no clock, no randomness.
 *
 * <p>The graph is the one the run recorded when it started ({@link Declaration}, in the run's
 * arguments), in its order, never the one this worker's classes would give: a replay on a worker
 * built from a changed class takes the same decisions. The run's steps are those of the served
 * version with the same fingerprint, found by name. A worker that serves no such version replays
 * the run as far as its history goes, so that its commands match the history, then fails it with
 * a {@link DeclarationChangedException}'s message; a fresh run fails at once.
 *
 * <p>The run ends once the schedule has decided it: it does not wait for the activities it
 * cancelled, which learn of it at their next heartbeat.
 */
final class GraphWorkflow implements DynamicWorkflow, Schedule.Actions {
  /** The failure type of a run that failed, whose details are a {@link RunFailure}. */
  static final String RUN_FAILED = "dev.errands.WorkflowFailed";
  /** The query that returns each step's {@link StepState}, by name, in the run's order. */
  static final String PROGRESS_QUERY = "errands.progress";

  private final ErrandsWorker worker;
  // One run's state; a workflow implementation instance serves one run.
  private WorkflowView<?, ?> wf; // the version of the declaration that serves this run; null if none
  private ErrandsWorker.Served<?> served;
  private Declaration declaration; // the one the run started with
  private String name; // the workflow's name
  private Graph graph; // the run's own graph, in the order it recorded
  private int[] servedTask; // per task of the graph: its index in wf
  private DeclarationChangedException mismatch; // why this worker does not serve the run
  private Schedule schedule;
  private List<Object> inputs;
  private ActivityOptions[] activityOptions; // per task, once used
  private StepState[] progress; // per task
  private boolean over; // the run is decided or cancelled: what still runs was given up on
  private final List<CancellationScope> scopes = new ArrayList<>(); // per execution: its activity's or its pause's
  private final List<Integer> started = new ArrayList<>(); // asked to start by the current event, in order
  private final java.util.ArrayDeque<Integer> waiting = new java.util.ArrayDeque<>(); // started, not yet scheduled: over the cap
  private int pending; // activities scheduled and not ended
  private StepError bug; // a bug in this class, which fails the run instead of leaving it waiting
  private String bugStep; // the step it is blamed on

  GraphWorkflow(ErrandsWorker worker) {
    this.worker = worker;
  }

  @Override
  public Object execute(EncodedValues args) {
    RunArgs run = runArgs(args);
    declaration = run.declaration();
    name = declaration.workflow();
    graph = Declarations.graph(declaration);
    progress = new StepState[graph.tasks()];
    java.util.Arrays.fill(progress, StepState.NOT_STARTED);
    Workflow.registerListener((DynamicQueryHandler) this::query);
    served = worker.served(declaration.fingerprint());
    if (served == null) {
      // Not ours: fail the run, never run it with another declaration. A fresh run fails now. A
      // run with a history is replayed first, on the graph it recorded, so that the commands match
      // the history's events; it fails once the replay is over.
      mismatch = worker.mismatch(declaration);
      if (!Workflow.isReplaying()) {
        throw declarationChanged();
      }
    } else {
      wf = served.view();
      servedTask = new int[graph.tasks()];
      for (int t = 0; t < graph.tasks(); t++) {
        servedTask[t] = served.task(graph.taskName(t));
      }
    }
    inputs = new ArrayList<>(graph.inputs());
    for (Wire.Input input : declaration.inputs()) {
      if (!run.inputs().containsKey(input.name())) {
        throw ApplicationFailure.newNonRetryableFailure(
            name + " takes the inputs " + declaration.inputs().stream().map(Wire.Input::name).toList()
                + ", got " + run.inputs().keySet(), IllegalArgumentException.class.getName());
      }
      inputs.add(run.inputs().get(input.name()));
    }
    activityOptions = new ActivityOptions[graph.tasks()];
    schedule = new Schedule(graph, this, Elements.ofInputs(graph, inputs));
    Optional<Duration> runTimeout = declaration.timeoutNanos() > 0
        ? Optional.of(Duration.ofNanos(declaration.timeoutNanos())) : Optional.empty();
    runTimeout.ifPresent(timeout -> Workflow.newTimer(timeout).thenApply(fired -> {
      event(() -> schedule.deadlinePassed(new TimeoutException(
          name + " did not finish within its @Timeout of " + Durations.describe(timeout))), -1);
      return null;
    }));
    event(schedule::start, -1);
    try {
      Workflow.await(() -> schedule.isDecided() || bug != null || (mismatch != null && !Workflow.isReplaying()));
    } catch (CanceledFailure cancelled) { // the caller cancelled the run: cancel every activity
      over = true;
      event(schedule::cancel, -1);
      throw cancelled;
    }
    over = true;
    if (mismatch != null) {
      throw declarationChanged();
    }
    if (bug != null || schedule.outcome() == RunEvent.Outcome.FAILED) {
      String step = bug != null ? bugStep : schedule.failedStep();
      StepError cause = bug != null ? bug : StepError.of(schedule.failure());
      throw ApplicationFailure.newNonRetryableFailure(
          "Step '" + step + "' of " + name + " failed: " + describe(cause), RUN_FAILED, new RunFailure(step, cause));
    }
    var results = new LinkedHashMap<String, Object>();
    for (int n = 0; n < graph.nodes(); n++) {
      results.put(graph.nodeName(n), toWire(n));
    }
    RunResult result = new RunResult(results, declaration);
    tooLarge(result).ifPresent(tooLarge -> {
      throw ApplicationFailure.newNonRetryableFailure(tooLarge.cause().message(), RUN_FAILED, tooLarge);
    });
    return result;
  }

  private static RunArgs runArgs(EncodedValues args) {
    RunArgs run;
    try {
      run = args.get(0, RunArgs.class);
    } catch (RuntimeException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot read the arguments of this run of "
          + Workflow.getInfo().getWorkflowType() + " (a value class missing or not trusted by the ErrandsDataConverter, or a run"
          + " started by an errands-temporal that did not record declarations): " + e, IllegalArgumentException.class.getName());
    }
    if (run == null || run.declaration() == null || run.inputs() == null) {
      throw ApplicationFailure.newNonRetryableFailure(Workflow.getInfo().getWorkflowType()
          + " was not started by this version of errands-temporal, which records the declaration of each run:"
          + " finish such runs on the version that started them", DeclarationChangedException.class.getName());
    }
    return run;
  }

  /** Answers the {@linkplain #PROGRESS_QUERY progress query}: each step's state, by name. */
  private Object query(String type, EncodedValues args) {
    if (!PROGRESS_QUERY.equals(type)) {
      throw new IllegalArgumentException("unknown query " + type + " (errands answers " + PROGRESS_QUERY + ")");
    }
    var states = new LinkedHashMap<String, String>();
    for (int t = 0; t < graph.tasks(); t++) {
      StepState state = progress[t];
      if (state == StepState.RUNNING && schedule != null && schedule.isDone(graph.taskNode(t)) && !graph.tolerated(graph.taskNode(t))) {
        state = StepState.SUCCEEDED; // a race's winner, or the last element of a step run per element
      } else if (state == StepState.RUNNING && over) {
        state = StepState.CANCELLED; // the run ended without waiting for it
      }
      states.put(graph.taskName(t), state.name());
    }
    return states;
  }

  /** The run's failure when this worker does not serve its declaration. */
  private ApplicationFailure declarationChanged() {
    StepError cause = new StepError(DeclarationChangedException.class.getName(), mismatch.detail(), List.of(), -1);
    return ApplicationFailure.newNonRetryableFailure(mismatch.getMessage(), RUN_FAILED, new RunFailure(mismatch.step(), cause));
  }

  @Override
  public VersioningBehavior getVersioningBehavior() {
    return worker.versioningBehavior();
  }

  /**
   * The data converter the SDK encodes this workflow's payloads with. The SDK offers workflow code
   * no public way to it (activities have {@code getWorkflowClient().getOptions()}).
   */
  private static DataConverter converter() {
    return WorkflowInternal.getDataConverter();
  }

  /**
   * Why the run's result cannot be sent, if it is over the payload limit: the failure blames the
   * node with the largest value.
   */
  private java.util.Optional<RunFailure> tooLarge(RunResult result) {
    long limit = worker.options().payloadLimit();
    long size = PayloadLimit.size(converter(), result);
    if (size <= limit) {
      return java.util.Optional.empty();
    }
    int largest = 0;
    long largestSize = -1;
    for (int n = 0; n < graph.nodes(); n++) {
      long s = PayloadLimit.size(converter(), result.results().get(graph.nodeName(n)));
      if (s > largestSize) {
        largest = n;
        largestSize = s;
      }
    }
    var tooLarge = new PayloadTooLargeException("the result of " + name + " (the values of all its steps; the"
        + " largest, step '" + graph.nodeName(largest) + "': " + PayloadTooLargeException.describe(largestSize) + ")",
        size, limit, "ErrandsWorker.Options.payloadLimit");
    return java.util.Optional.of(new RunFailure(graph.nodeName(largest), StepError.of(tooLarge)));
  }

  /**
   * Tells the schedule what happened, then schedules the activities it asked for. {@code task}
   * names the step a bug here is blamed on (-1: none).
   */
  private void event(Runnable what, int task) {
    if (mismatch != null && !Workflow.isReplaying()) {
      return; // the replay is over: the run fails, and starts nothing more
    }
    try {
      what.run();
      launchStarted();
    } catch (RuntimeException | Error e) { // never leave the run waiting on a swallowed bug
      if (bug == null && !schedule.isDecided()) {
        bug = StepError.of(e);
        bugStep = task >= 0 ? graph.taskName(task) : graph.nodes() > 0 ? graph.nodeName(0) : name;
      }
    }
  }

  /**
   * Schedules the activities of the executions the last event started, in the order they were
   * started, at most {@link #MAX_PENDING} at once: the others wait, queued, for an activity to end.
   * Temporal says when an activity is scheduled, not when a worker takes it up: an execution begins
   * as it is scheduled.
   */
  private void launchStarted() {
    waiting.addAll(started);
    started.clear();
    while (pending < MAX_PENDING && !waiting.isEmpty()) {
      int x = waiting.poll();
      if (schedule.begin(x)) { // false for one given up on while it waited
        launch(x);
      }
    }
  }

  /**
   * The most activities one run has scheduled and not ended at once. A Temporal cluster refuses
   * more than 2,000 per workflow ({@code limit.numPendingActivities.error}) and fails the workflow
   * task that asks for more; half of it leaves room for activities cancelled here whose workers
   * have not yet acknowledged it (they stay pending on the server until then). A fan-out's
   * elements beyond it wait in the workflow, as behind a {@code limit}, and start as activities end.
   */
  static final int MAX_PENDING = 1_000;

  // ---------------------------------------------------------------------------------------------
  // What the schedule asks for

  @Override
  public void start(int x) {
    started.add(x); // scheduled once the schedule has returned: begin() must not be called from inside it
  }

  @Override
  public void pause(int x, long nanos) {
    var timer = new ArrayList<Promise<Void>>(1);
    CancellationScope scope = Workflow.newCancellationScope(
        () -> timer.add(Workflow.newTimer(Duration.ofNanos(Math.max(nanos, 1_000_000L)))));
    scope.run();
    scopeOf(x, scope);
    progress[schedule.task(x)] = StepState.RUNNING; // until the next attempt
    timer.get(0).handle((fired, cancelled) -> {
      if (cancelled == null) {
        event(() -> schedule.pauseEnded(x), schedule.task(x));
      }
      return null;
    });
  }

  @Override
  public void cancel(int x) {
    CancellationScope scope = x < scopes.size() ? scopes.get(x) : null;
    if (scope != null) {
      scope.cancel(); // TRY_CANCEL: its promise fails with a CanceledFailure now; its worker learns of it by heartbeat
      scopes.set(x, null);
    }
  }

  @Override
  public void ended(int x, RunEvent.Outcome outcome, Throwable failure) {
    if (x < scopes.size()) {
      scopes.set(x, null);
    }
    int t = schedule.task(x);
    progress[t] = switch (outcome) {
      case SUCCEEDED -> schedule.element(x) < 0 || schedule.isDone(graph.taskNode(t)) ? StepState.SUCCEEDED : progress[t];
      case FAILED -> StepState.FAILED;
      case CANCELLED -> progress[t] == StepState.FAILED ? StepState.FAILED : StepState.CANCELLED;
    };
  }

  @Override
  public void raceDecided(int node, int winner, boolean succeeded) {
    // No listener on Temporal: its history shows the race.
  }

  private void scopeOf(int x, CancellationScope scope) {
    while (scopes.size() <= x) {
      scopes.add(null);
    }
    scopes.set(x, scope);
  }

  // ---------------------------------------------------------------------------------------------
  // Activities

  /** Schedules the activity of execution {@code x}, in a scope of its own, and listens for its end. */
  private void launch(int x) {
    int t = schedule.task(x);
    var promise = new ArrayList<Promise<Value>>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> promise.add(invoke(x, t)));
    scope.run();
    scopeOf(x, scope);
    pending++;
    progress[t] = StepState.RUNNING;
    promise.get(0).handle((value, error) -> {
      pending--;
      event(() -> ended(x, t, value, error), t);
      return null;
    });
  }

  /**
   * Schedules the activity of execution {@code x} of task {@code t}. Its arguments carry what the
   * step's parameters can take and nothing more: an element of a fan-out gets its element, never
   * the list it is an element of (generated code binds that list to the {@code @Each} parameter
   * alone), so that a fan-out's history grows with its elements, not with their square.
   */
  private Promise<Value> invoke(int x, int t) {
    var dependencies = new LinkedHashMap<String, Object>();
    int source = graph.eachNode(t);
    for (int dep : graph.after(graph.taskNode(t))) {
      if (dep != source) {
        dependencies.put(graph.nodeName(dep), toWire(dep));
      }
    }
    var named = new LinkedHashMap<String, Object>();
    for (int i = 0; i < inputs.size(); i++) {
      if (i != graph.eachInput(t)) {
        named.put(declaration.inputs().get(i).name(), inputs.get(i));
      }
    }
    var args = new StepArgs(declaration.fingerprint(), graph.taskName(t), named, dependencies,
        schedule.elementValue(x), schedule.attempt(x));
    try {
      PayloadLimit.check(converter(), args, worker.options().payloadLimit(),
          "the arguments of step '" + graph.taskName(t) + "' of " + name + " (the run's inputs and the results it takes)",
          "ErrandsWorker.Options.payloadLimit");
    } catch (PayloadTooLargeException tooLarge) { // fails the step as its activity would, without scheduling it
      return Workflow.newFailedPromise(tooLarge);
    }
    return stub(x, t).executeAsync(name + "." + graph.taskName(t), Value.class, args);
  }

  /** Execution {@code x}'s activity ended: what it returned, or how it failed. */
  private void ended(int x, int t, Value value, RuntimeException error) {
    if (error == null) {
      Object result = value == null ? null : value.value();
      int node = graph.taskNode(t);
      Elements elements = schedule.element(x) < 0 && graph.feedsEach(node) ? Elements.iterate(result, graph.nodeName(node)) : null;
      schedule.succeeded(x, result, elements);
      return;
    }
    if (isCancellation(error)) {
      schedule.failed(x, new CancellationException("cancelled on Temporal"), false);
      return;
    }
    if (error instanceof PayloadTooLargeException tooLarge) { // its arguments, never sent
      schedule.failed(x, tooLarge, false);
      return;
    }
    Throwable cause = error instanceof ActivityFailure && error.getCause() != null ? error.getCause() : error;
    boolean retryable = cause instanceof ApplicationFailure app && retryable(app);
    StepError stepError = error instanceof ActivityFailure activity ? lost(t, activity, cause) : null;
    schedule.failed(x, Failures.toThrowable(stepError != null ? stepError : toError(t, cause), graph.taskName(t)), retryable);
  }

  /**
   * The failure of a step whose runs were all lost with their workers (or that Temporal stopped
   * retrying for its schedule-to-close bound), as a {@link TimeoutException}; null for a failure
   * the step reported itself.
   */
  private StepError lost(int t, ActivityFailure activity, Throwable cause) {
    if (wf == null) {
      return null; // a run this worker does not serve only replays, and then fails
    }
    WorkflowView.Task task = wf.tasks().get(servedTask[t]);
    String step = "step '" + graph.taskName(t) + "' of " + name;
    int runs = worker.options().lostWorkerRetries() + 1;
    String why;
    if (cause instanceof TimeoutFailure timeout) {
      why = switch (timeout.getTimeoutType()) {
        case TIMEOUT_TYPE_HEARTBEAT -> "its worker sent no heartbeat for " + Durations.describe(worker.options().heartbeat());
        case TIMEOUT_TYPE_START_TO_CLOSE -> "its worker did not report within " + Durations.describe(startToClose(task));
        case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> null;
        default -> "Temporal timed it out (" + timeout.getTimeoutType() + ")";
      };
      if (why == null || activity.getRetryState() == io.temporal.api.enums.v1.RetryState.RETRY_STATE_TIMEOUT) {
        return new StepError(TimeoutException.class.getName(), step + " did not end within its schedule-to-close bound of "
            + Durations.describe(scheduleToClose(task)) + " on Temporal (time waiting for a worker and runs"
            + " after lost workers included)", List.of(), -1);
      }
    } else if (cause instanceof ApplicationFailure app && StepActivity.WORKER_STOPPED.equals(app.getType())) {
      why = "its worker stopped while it ran";
    } else {
      return null;
    }
    return new StepError(TimeoutException.class.getName(), step + " was lost with its worker on each of its " + runs
        + (runs == 1 ? " run" : " runs") + " (ErrandsWorker.Options.lostWorkerRetries is " + (runs - 1) + "); the last time, "
        + why, List.of(), -1);
  }

  /** The stub that schedules execution {@code x} of task {@code t}, with its {@linkplain #label label}. */
  private ActivityStub stub(int x, int t) {
    if (activityOptions[t] == null) {
      // A run this worker does not serve only replays: its activities' options do not matter.
      activityOptions[t] = wf != null
          ? activityOptions(wf.tasks().get(servedTask[t]))
          : ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build();
    }
    return Workflow.newUntypedActivityStub(ActivityOptions.newBuilder(activityOptions[t])
        .setSummary(label(graph.taskName(t), schedule.element(x), schedule.attempt(x)))
        .build());
  }

  /**
   * The summary of an execution's activity, which Temporal's UI shows for it: the step, its
   * element's 0-based index for a step run per element, and the attempt of its {@code @Retry} after
   * the first ({@code comments[3]#2}). Unique within a run (a step runs once per element and
   * attempt, and a retry is a new attempt), and the same on a replay, taken from the schedule's
   * state alone. Not the activity id: the Java SDK sets that itself ({@code ActivityOptions} has no
   * way to it). Temporal's own runs of an attempt after a lost worker keep it.
   */
  static String label(String step, int element, int attempt) {
    var id = new StringBuilder(step);
    if (element >= 0) {
      id.append('[').append(element).append(']');
    }
    if (attempt > 1) {
      id.append('#').append(attempt);
    }
    return id.toString();
  }

  /** The longest pause Temporal makes before running an attempt again after its worker was lost. */
  private static final Duration MAX_LOST_WORKER_PAUSE = Duration.ofSeconds(10);

  private ActivityOptions activityOptions(WorkflowView.Task task) {
    ErrandsWorker.Options options = worker.options();
    // A step's own failures reach the schedule, which applies its @Retry (the worker reports them
    // non-retryable, with its verdict on `on`); Temporal retries only an attempt whose worker was
    // lost, which is not one of the step's @Retry attempts, and at most lostWorkerRetries times.
    var retry = RetryOptions.newBuilder()
        .setMaximumAttempts(options.lostWorkerRetries() + 1)
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(MAX_LOST_WORKER_PAUSE);
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose(task))
        .setScheduleToCloseTimeout(scheduleToClose(task))
        .setHeartbeatTimeout(options.heartbeat())
        .setRetryOptions(retry.build())
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .build();
  }

  /**
   * The bound on one run of an attempt. The worker enforces the step's @Timeout (the class
   * @Timeout is the workflow's timer; without either, the default step timeout) itself, and reports
   * a TimeoutException that the step's @Retry may or may not retry; the start-to-close timeout, a
   * heartbeat later, is Temporal's backstop for a worker that could not report.
   */
  private Duration startToClose(WorkflowView.Task task) {
    return task.timeout()
        .or(wf::runTimeout)
        .orElse(worker.options().defaultStepTimeout())
        .plus(worker.options().heartbeat());
  }

  /**
   * The bound on an attempt on Temporal, from when it is scheduled: all its runs after lost
   * workers, the pauses between them, and its waits for a worker; never shorter than the default
   * step timeout, so that a busy queue does not fail a step with a short @Timeout.
   */
  private Duration scheduleToClose(WorkflowView.Task task) {
    int retries = worker.options().lostWorkerRetries();
    Duration all = startToClose(task).multipliedBy(retries + 1L).plus(MAX_LOST_WORKER_PAUSE.multipliedBy(retries));
    Duration floor = worker.options().defaultStepTimeout();
    return all.compareTo(floor) < 0 ? floor : all;
  }

  // ---------------------------------------------------------------------------------------------
  // Values and failures, at the edge

  /** Node {@code node}'s value as it crosses: a tolerated node's {@link Outcome} as a {@link Wire.Settled}. */
  private Object toWire(int node) {
    Object value = schedule.result(node);
    if (graph.tolerated(node) && value instanceof Outcome<?> outcome) {
      return switch (outcome) {
        case Outcome.Success<?> s -> new Wire.Settled(true, s.value(), null);
        case Outcome.Failure<?> f -> new Wire.Settled(false, null, StepError.of(f.cause()));
      };
    }
    return value;
  }

  private static boolean isCancellation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The worker's verdict on whether the step's {@code @Retry} admits what it threw. */
  private static boolean retryable(ApplicationFailure app) {
    if (app.getDetails() != null && app.getDetails().getSize() > 1) {
      try {
        return Boolean.TRUE.equals(app.getDetails().get(1, Boolean.class));
      } catch (RuntimeException notOurs) {
        return false;
      }
    }
    return false;
  }

  /** What the step threw, from Temporal's failure chain. */
  private StepError toError(int t, Throwable cause) {
    if (cause instanceof ApplicationFailure app) {
      if (app.getDetails() != null && app.getDetails().getSize() > 0) {
        try {
          return app.getDetails().get(0, StepError.class);
        } catch (RuntimeException notOurs) {
          // fall through
        }
      }
      return new StepError(app.getType(), app.getOriginalMessage(), List.of(), -1);
    }
    if (cause instanceof TimeoutFailure) {
      WorkflowView.Task task = Declarations.task(declaration, graph, t);
      return new StepError(TimeoutException.class.getName(), "step '" + task.name() + "' of " + name
          + (task.timeout().isPresent()
              ? " ran longer than its @Timeout of " + Durations.describe(task.timeout().get())
              : " timed out on Temporal: " + cause.getMessage()), List.of(), -1);
    }
    return new StepError(cause.getClass().getName(), cause.getMessage(), List.of(), -1);
  }

  private static String describe(StepError error) {
    return error.message() != null ? error.type() + ": " + error.message() : error.type();
  }
}
