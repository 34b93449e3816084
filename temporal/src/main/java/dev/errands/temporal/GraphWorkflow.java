package dev.errands.temporal;

import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.WorkflowView;
import dev.errands.temporal.Wire.RunArgs;
import dev.errands.temporal.Wire.RunFailure;
import dev.errands.temporal.Wire.RunResult;
import dev.errands.temporal.Wire.Settled;
import dev.errands.temporal.Wire.StepArgs;
import dev.errands.temporal.Wire.StepError;
import dev.errands.temporal.Wire.Value;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The deterministic workflow code that runs a declaration's graph on Temporal, with the same rules
 * as the in-process engine ({@code dev.errands.runtime.Run}): a node starts once its {@code after}
 * nodes have succeeded (or settled, when tolerated); a step is an activity; a race is one {@link
 * CancellationScope} holding its racers' activities, cancelled once the race is decided; a fan-out
 * runs one activity per element, at most {@code limit} at once; the first failure that is not
 * tolerated fails the run and cancels every activity still running; a class {@code @Timeout} is a
 * workflow timer.
 *
 * <p>Everything happens in promise callbacks on the workflow thread, in the order Temporal
 * delivers events, so a replay takes the same decisions: no threads, no clock, no randomness.
 */
final class GraphWorkflow implements DynamicWorkflow {
  /** The failure type of a run that failed, whose details are a {@link RunFailure}. */
  static final String RUN_FAILED = "dev.errands.WorkflowFailed";

  private static final byte NOT_STARTED = 0, RUNNING = 1, ENDED = 2;

  private final ErrandsWorker worker;
  // One run's state; a workflow implementation instance serves one run.
  private WorkflowView<?, ?> wf;
  private List<Object> inputs;
  private Object[] results;
  private int[] waiting;
  private List<List<Integer>> dependents;
  private byte[] taskState;
  private ActivityStub[] stubs;
  private List<List<CancellationScope>> scopes;
  private boolean[] raceDecided;
  private List<List<StepError>> raceFailures;
  private Each[] each;
  private int succeeded;
  private boolean decided;
  private String failedStep;
  private StepError failure;

  GraphWorkflow(ErrandsWorker worker) {
    this.worker = worker;
  }

  @Override
  public Object execute(EncodedValues args) {
    wf = worker.workflow(Workflow.getInfo().getWorkflowType()).view();
    inputs = args.get(0, RunArgs.class).inputs();
    if (inputs.size() != wf.inputs().size()) {
      throw ApplicationFailure.newNonRetryableFailure(
          wf.name() + " takes " + wf.inputs().size() + " inputs " + wf.inputs() + ", got " + inputs.size(),
          IllegalArgumentException.class.getName());
    }
    int nodes = wf.nodes().size();
    int tasks = wf.tasks().size();
    results = new Object[nodes];
    waiting = new int[nodes];
    dependents = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      dependents.add(new ArrayList<>());
    }
    for (WorkflowView.Node node : wf.nodes()) {
      waiting[node.index()] = node.after().size();
      for (int dep : node.after()) {
        dependents.get(dep).add(node.index());
      }
    }
    taskState = new byte[tasks];
    stubs = new ActivityStub[tasks];
    scopes = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      scopes.add(new ArrayList<>());
    }
    raceDecided = new boolean[nodes];
    raceFailures = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      raceFailures.add(new ArrayList<>());
    }
    each = new Each[tasks];

    wf.runTimeout().ifPresent(timeout -> Workflow.newTimer(timeout).thenApply(fired -> {
      deadlinePassed(timeout);
      return null;
    }));
    if (nodes == 0) {
      decided = true;
    }
    for (int n = 0; n < nodes && !decided; n++) {
      if (waiting[n] == 0) {
        startNode(n);
      }
    }
    Workflow.await(() -> decided);
    if (failure != null) {
      cancelAll();
      throw ApplicationFailure.newNonRetryableFailure(
          "Step '" + failedStep + "' of " + wf.name() + " failed: " + describe(failure), RUN_FAILED,
          new RunFailure(failedStep, failure));
    }
    return new RunResult(Arrays.asList(results));
  }

  // ---------------------------------------------------------------------------------------------
  // Starting

  private void startNode(int n) {
    WorkflowView.Node node = wf.nodes().get(n);
    if (!node.isRace()) {
      startTask(node.tasks().get(0));
      return;
    }
    // One scope per race: deciding the race cancels it, and with it every racer still running.
    var racers = new ArrayList<Promise<Value>>();
    CancellationScope race = Workflow.newCancellationScope(() -> {
      for (int t : node.tasks()) {
        taskState[t] = RUNNING;
        racers.add(invoke(t, null));
      }
    });
    race.run();
    for (int i = 0; i < racers.size(); i++) {
      int t = node.tasks().get(i);
      scopes.get(t).add(race);
      listen(racers.get(i), t, -1);
    }
  }

  private void startTask(int t) {
    WorkflowView.Task task = wf.tasks().get(t);
    taskState[t] = RUNNING;
    if (!task.isEach()) {
      launch(t, -1, null);
      return;
    }
    Object source = task.eachNode() >= 0 ? results[task.eachNode()] : inputs.get(task.eachInput());
    if (source instanceof Settled settled) {
      source = settled.value();
    }
    var elements = new ArrayList<Object>();
    if (source != null) {
      for (Object element : (Iterable<?>) source) {
        elements.add(element);
      }
    }
    var run = new Each(elements, task.limit() > 0 ? task.limit() : Integer.MAX_VALUE);
    each[t] = run;
    if (elements.isEmpty()) {
      taskState[t] = ENDED;
      record(t, List.of(), null);
      return;
    }
    while (run.next < elements.size() && run.running < run.limit) {
      startElement(t, run);
    }
  }

  private void startElement(int t, Each run) {
    int index = run.next++;
    run.running++;
    launch(t, index, run.elements.get(index));
  }

  /** Starts one activity for task {@code t} (element {@code index}, or -1), in a scope of its own. */
  private void launch(int t, int index, Object element) {
    var promise = new ArrayList<Promise<Value>>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> promise.add(invoke(t, element)));
    scope.run();
    scopes.get(t).add(scope);
    listen(promise.get(0), t, index);
  }

  private Promise<Value> invoke(int t, Object element) {
    WorkflowView.Task task = wf.tasks().get(t);
    var after = wf.nodes().get(task.node()).after();
    var dependencies = new ArrayList<Object>(Collections.nCopies(results.length, null));
    for (int dep : after) {
      dependencies.set(dep, results[dep]);
    }
    var args = new StepArgs(new ArrayList<>(inputs), dependencies, element);
    return stub(t).executeAsync(ErrandsWorker.activityType(wf, t), Value.class, args);
  }

  private ActivityStub stub(int t) {
    if (stubs[t] == null) {
      stubs[t] = Workflow.newUntypedActivityStub(activityOptions(wf.tasks().get(t)));
    }
    return stubs[t];
  }

  private ActivityOptions activityOptions(WorkflowView.Task task) {
    ErrandsWorker.Options options = worker.options();
    Duration heartbeat = options.heartbeat();
    // The worker enforces the step's @Timeout itself, and reports a TimeoutException that its
    // @Retry policy may or may not retry; the start-to-close timeout, a heartbeat later, is
    // Temporal's backstop for a worker that could not report.
    Duration startToClose = task.timeout()
        .or(wf::runTimeout)
        .map(d -> d.plus(heartbeat))
        .orElse(options.defaultStepTimeout());
    var retry = RetryOptions.newBuilder();
    StepOptions.RetryPolicy policy = task.retry().orElse(null);
    if (policy == null) {
      // A step's own failures are never retried (the worker says so); only a lost worker's attempt is.
      retry.setMaximumAttempts(0).setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2.0);
    } else {
      Duration first = Duration.ofNanos(Math.max(policy.delayNanos(), 1_000_000L));
      Duration last = Duration.ofNanos(Math.max(policy.delayBefore(Math.max(2, policy.attempts())), first.toNanos()));
      retry.setMaximumAttempts(policy.attempts())
          .setInitialInterval(first)
          .setBackoffCoefficient(policy.multiplier())
          .setMaximumInterval(last);
    }
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setHeartbeatTimeout(heartbeat)
        .setRetryOptions(retry.build())
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .build();
  }

  private void listen(Promise<Value> promise, int t, int index) {
    promise.handle((value, error) -> {
      try {
        settled(t, index, value == null ? null : value.value(), error);
      } catch (RuntimeException | Error bug) { // never leave the run waiting on a swallowed bug
        if (!decided) {
          decided = true;
          failedStep = wf.tasks().get(t).name();
          failure = StepError.of(bug);
        }
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Settling

  /** An activity of task {@code t} (element {@code index}, or -1) ended. */
  private void settled(int t, int index, Object value, RuntimeException error) {
    if (taskState[t] == ENDED || decided) {
      return; // cancelled: a lost race, a failed run, a failed sibling element
    }
    if (error != null && isCancellation(error)) {
      return;
    }
    StepError err = error == null ? null : toError(t, error);
    if (index < 0) {
      taskState[t] = ENDED;
      record(t, value, err);
      return;
    }
    Each run = each[t];
    run.running--;
    if (err != null) {
      taskState[t] = ENDED;
      cancelTask(t); // fail fast: the other elements are cancelled
      record(t, null, err.withSuppressed(StepError.failedElement(wf.tasks().get(t).name(), index)));
      return;
    }
    run.values[index] = value;
    run.done++;
    if (run.done == run.elements.size()) {
      taskState[t] = ENDED;
      record(t, Collections.unmodifiableList(Arrays.asList(run.values)), null);
      return;
    }
    while (run.next < run.elements.size() && run.running < run.limit) {
      startElement(t, run);
    }
  }

  /** Records the settled outcome of task {@code t}, and what follows from it. */
  private void record(int t, Object value, StepError error) {
    int node = wf.tasks().get(t).node();
    WorkflowView.Node decl = wf.nodes().get(node);
    if (!decl.isRace()) {
      if (error == null) {
        succeed(node, decl.tolerated() ? new Settled(true, value, null) : value);
      } else {
        failNode(node, wf.tasks().get(t).name(), error);
      }
      return;
    }
    if (raceDecided[node]) {
      return;
    }
    if (error == null) {
      decideRace(node);
      succeed(node, decl.tolerated() ? new Settled(true, value, null) : value);
    } else if (decl.wins().orElseThrow() == Wins.FIRST_TO_SETTLE) {
      decideRace(node);
      failNode(node, wf.tasks().get(t).name(), error);
    } else {
      List<StepError> failures = raceFailures.get(node);
      failures.add(error);
      if (failures.size() == decl.tasks().size()) {
        decideRace(node);
        StepError first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) {
          first = first.withSuppressed(failures.get(i));
        }
        failNode(node, decl.name(), first);
      }
    }
  }

  private void decideRace(int node) {
    raceDecided[node] = true;
    for (int racer : wf.nodes().get(node).tasks()) {
      cancelTask(racer); // the winner has ended: cancelling its scope cancels only the losers
    }
  }

  private void failNode(int node, String step, StepError cause) {
    if (wf.nodes().get(node).tolerated()) {
      succeed(node, new Settled(false, null, cause));
    } else {
      fail(step, cause);
    }
  }

  private void succeed(int node, Object value) {
    results[node] = value;
    if (decided) {
      return;
    }
    if (++succeeded == results.length) {
      decided = true;
      return;
    }
    for (int dependent : dependents.get(node)) {
      if (--waiting[dependent] == 0 && !decided) {
        startNode(dependent);
      }
    }
  }

  private void fail(String step, StepError cause) {
    if (decided) {
      return;
    }
    decided = true;
    failedStep = step;
    failure = cause;
    cancelAll();
  }

  private void cancelAll() {
    for (int t = 0; t < taskState.length; t++) {
      cancelTask(t);
    }
  }

  private void cancelTask(int t) {
    if (taskState[t] == RUNNING) {
      taskState[t] = ENDED;
    }
    for (CancellationScope scope : scopes.get(t)) {
      scope.cancel();
    }
    scopes.get(t).clear();
  }

  /** The class @Timeout passed: the run fails, naming the first step still running, or else the first not started. */
  private void deadlinePassed(Duration timeout) {
    if (decided) {
      return;
    }
    int step = -1;
    for (int t = 0; t < taskState.length && step < 0; t++) {
      if (taskState[t] == RUNNING) {
        step = t;
      }
    }
    for (int t = 0; t < taskState.length && step < 0; t++) {
      if (taskState[t] == NOT_STARTED) {
        step = t;
      }
    }
    var error = new StepError(TimeoutException.class.getName(),
        wf.name() + " did not finish within its @Timeout of " + Durations.describe(timeout), List.of(), -1);
    fail(step >= 0 ? wf.tasks().get(step).name() : wf.nodes().get(0).name(), error);
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  private static boolean isCancellation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** What the step threw, from Temporal's failure chain. */
  private StepError toError(int t, RuntimeException error) {
    Throwable cause = error instanceof ActivityFailure && error.getCause() != null ? error.getCause() : error;
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
      WorkflowView.Task task = wf.tasks().get(t);
      return new StepError(TimeoutException.class.getName(), "step '" + task.name() + "' of " + wf.name()
          + (task.timeout().isPresent()
              ? " ran longer than its @Timeout of " + Durations.describe(task.timeout().get())
              : " timed out on Temporal: " + cause.getMessage()), List.of(), -1);
    }
    return new StepError(cause.getClass().getName(), cause.getMessage(), List.of(), -1);
  }

  private static String describe(StepError error) {
    return error.message() != null ? error.type() + ": " + error.message() : error.type();
  }

  /** A task run once per element. */
  private static final class Each {
    final List<Object> elements;
    final Object[] values;
    final int limit;
    int next;
    int running;
    int done;

    Each(List<Object> elements, int limit) {
      this.elements = elements;
      this.values = new Object[elements.size()];
      this.limit = limit;
    }
  }
}
