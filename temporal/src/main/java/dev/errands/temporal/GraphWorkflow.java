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
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
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
 * retry, a hedged racer's wait for its turn and the class {@code @Timeout} are durable workflow
 * timers; failures cross as {@link StepError}s. An execution begins ({@link Schedule#begin}) as its
 * activity is scheduled: for a hedged race, a racer "started" when its activity was scheduled, and
 * the next racer's timer starts then (the schedule asks for it from inside {@code begin}).
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
  /** What a slice's child workflow type adds to its workflow's name: {@code com.acme.Shop@Each}. */
  static final String SLICE = "@Each";
  /** The failure type of a slice that failed, whose details are a {@link Wire.SliceFailure}. */
  static final String SLICE_FAILED = "dev.errands.SliceFailed";

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
  private final ArrayDeque<Integer> waiting = new ArrayDeque<>(); // to be scheduled once fewer than MAX_PENDING are
  private int pending; // activities scheduled and not ended
  private List<?>[] nodeElements; // per node that feeds a fan-out: its elements, once it succeeded
  private List<?>[] inputElements; // per input a fan-out iterates: its elements
  private FanOut[] fanOuts; // per task run per element, once started
  private final List<Integer> endedElements = new ArrayList<>(); // executions of elements that ended in the current event
  private final List<int[]> slicesToStart = new ArrayList<>(); // {task, slice}, in the current event
  private Wire.SliceArgs slice; // in a slice's child workflow: what it runs; null in a run
  private int declaredTask; // in a slice's child workflow: its step's index in the declaration
  private int sliceSize; // ErrandsWorker.Options.fanOutSlice, as the run recorded it; 0 in a slice
  private StepError bug; // a bug in this class, which fails the run instead of leaving it waiting
  private String bugStep; // the step it is blamed on

  GraphWorkflow(ErrandsWorker worker) {
    this.worker = worker;
  }

  @Override
  public Object execute(EncodedValues args) {
    if (Workflow.getInfo().getWorkflowType().endsWith(SLICE)) {
      return slice(args);
    }
    RunArgs run = runArgs(args);
    declaration = run.declaration();
    name = declaration.workflow();
    graph = Declarations.graph(declaration, false); // this class holds a fan-out's elements back for its limit
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
    if (graph.runsPerElement()) { // recorded, so that a worker with other options replays the run as it ran
      int size = worker.options().fanOutSlice();
      sliceSize = Workflow.sideEffect(Integer.class, () -> size); // blocks: never from inside an event
    }
    schedule = new Schedule(graph, this, inputElements(Elements.ofInputs(graph, inputs)));
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

  /** Keeps the elements of the inputs fan-outs iterate, for their slices. */
  private Elements[] inputElements(Elements[] elements) {
    if (elements != null) {
      inputElements = new List<?>[elements.length];
      for (int i = 0; i < elements.length; i++) {
        inputElements[i] = elements[i] == null ? null : elements[i].values();
      }
    }
    return elements;
  }

  /**
   * Runs a slice of a large fan-out, as a child workflow of its run: the step's elements {@code
   * [offset, offset + n)}, on a graph of that one step over them, with the step's {@code @Retry},
   * {@code @Timeout} and the share of its limit the run gave it, fail-fast. Its activities are the
   * step's, with the arguments the run would give them, labelled with the elements' indices in the
   * whole fan-out. Returns the elements' values in order, or fails with the failed element's index
   * and its failure, which the run reports as its own element's.
   */
  private Object slice(EncodedValues args) {
    try {
      slice = args.get(0, Wire.SliceArgs.class);
    } catch (RuntimeException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot read the arguments of this slice of "
          + Workflow.getInfo().getWorkflowType() + ": " + e, IllegalArgumentException.class.getName());
    }
    declaration = slice.declaration();
    name = declaration.workflow();
    served = worker.served(declaration.fingerprint());
    if (served == null) {
      DeclarationChangedException changed = worker.mismatch(declaration);
      throw sliceFailed(-1, new StepError(DeclarationChangedException.class.getName(), changed.detail(), List.of(), -1));
    }
    wf = served.view();
    declaredTask = -1;
    for (int t = 0; t < declaration.tasks().size(); t++) {
      if (declaration.tasks().get(t).name().equals(slice.step())) {
        declaredTask = t;
      }
    }
    if (declaredTask < 0 || served.task(slice.step()) < 0) {
      throw sliceFailed(-1, new StepError(DeclarationChangedException.class.getName(),
          "step '" + slice.step() + "' is not in the declaration of " + name, List.of(), -1));
    }
    Graph run = Declarations.graph(declaration);
    graph = Graph.builder(name, 1)
        .step(slice.step(), new int[0], false, run.retry(declaredTask), -1, 0, 0)
        .build();
    servedTask = new int[] {served.task(slice.step())};
    progress = new StepState[] {StepState.NOT_STARTED};
    Workflow.registerListener((DynamicQueryHandler) this::query);
    inputs = new ArrayList<>();
    inputs.add(slice.elements());
    activityOptions = new ActivityOptions[1];
    schedule = new Schedule(graph, this, inputElements(Elements.ofInputs(graph, inputs)));
    event(schedule::start, -1);
    try {
      Workflow.await(() -> schedule.isDecided() || bug != null);
    } catch (CanceledFailure cancelled) { // the run failed, or was cancelled
      over = true;
      event(schedule::cancel, -1);
      throw cancelled;
    }
    over = true;
    if (bug != null || schedule.outcome() == RunEvent.Outcome.FAILED) {
      StepError error = bug != null ? bug : StepError.of(schedule.failure());
      int element = -1;
      var suppressed = new ArrayList<StepError>();
      for (StepError s : error.suppressed()) {
        if (StepError.FAILED_ELEMENT.equals(s.type()) && element < 0) {
          element = slice.offset() + s.element(); // the run adds its own, naming the index in the whole fan-out
        } else {
          suppressed.add(s);
        }
      }
      throw sliceFailed(element, new StepError(error.type(), error.message(), suppressed, -1));
    }
    var result = new Wire.SliceResult(new ArrayList<>((List<?>) schedule.result(0)));
    long size = PayloadLimit.size(converter(), result);
    if (size > worker.options().payloadLimit()) {
      var tooLarge = new PayloadTooLargeException("the values of elements " + slice.offset() + " to "
          + (slice.offset() + slice.elements().size() - 1) + " of step '" + slice.step() + "' of " + name,
          size, worker.options().payloadLimit(), "ErrandsWorker.Options.payloadLimit");
      throw sliceFailed(-1, StepError.of(tooLarge));
    }
    return result;
  }

  private static ApplicationFailure sliceFailed(int element, StepError cause) {
    return ApplicationFailure.newNonRetryableFailure(describe(cause), SLICE_FAILED, new Wire.SliceFailure(element, cause));
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
      releaseSlots();
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
    for (int i = 0; i < started.size(); i++) {
      int x = started.get(i);
      int e = schedule.element(x);
      if (e < 0) {
        waiting.add(x);
        continue;
      }
      FanOut fanOut = fanOuts[schedule.task(x)];
      if (fanOut.holds[e]) {
        admit(fanOut, x); // the next attempt of an element that holds its place
      } else {
        fanOut.queue.add(x);
      }
    }
    started.clear();
    if (fanOuts != null) {
      for (FanOut fanOut : fanOuts) {
        if (fanOut != null) {
          fill(fanOut);
        }
      }
    }
    for (int[] toStart : slicesToStart) {
      startSlice(fanOuts[toStart[0]], toStart[1]);
    }
    slicesToStart.clear();
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
  // Fan-outs: their limit, and their slices

  /**
   * A fan-out ({@code @Each}) as this class runs it. The schedule starts every element at once
   * (its graph has no limits); an element then waits here for a place, at most {@code limit} of
   * them holding one (0: no limit), in element order, as the schedule's own limit would have it.
   * An element holds its place from its first attempt to its last, pauses between attempts
   * included. A fan-out of more than {@code ErrandsWorker.Options.fanOutSlice}
   * elements runs in slices, each a child
   * workflow: a slice starts once one of its elements has a place, and may run as many of its
   * elements at once as have places then, so that no more than {@code limit} run in all; its
   * elements end together, when its child workflow does.
   */
  private static final class FanOut {
    final int task;
    final List<?> elements;
    final int limit;
    final boolean sliced;
    final int[] latest; // per element: its latest execution
    final boolean[] holds; // per element: it holds a place
    int held;
    final ArrayDeque<Integer> queue = new ArrayDeque<>(); // waiting for a place, in order
    final int sliceSize; // elements per slice, when sliced
    final boolean[] sliceStarted; // per slice
    final CancellationScope[] sliceScopes; // per slice, while its child workflow runs

    FanOut(int task, List<?> elements, int limit, int sliceSize) {
      this.task = task;
      this.elements = elements;
      this.limit = limit;
      this.sliceSize = sliceSize;
      this.sliced = sliceSize > 0 && elements.size() > sliceSize;
      latest = new int[elements.size()];
      holds = new boolean[elements.size()];
      int slices = sliced ? (elements.size() + sliceSize - 1) / sliceSize : 0;
      sliceStarted = new boolean[slices];
      sliceScopes = new CancellationScope[slices];
    }

    int sliceOf(int element) {
      return element / sliceSize;
    }

    int from(int slice) {
      return slice * sliceSize;
    }

    int to(int slice) {
      return Math.min(elements.size(), (slice + 1) * sliceSize);
    }
  }

  /** Task {@code t}'s fan-out, made when the schedule starts its first element. */
  private FanOut fanOut(int t) {
    if (fanOuts == null) {
      fanOuts = new FanOut[graph.tasks()];
    }
    if (fanOuts[t] == null) {
      List<?> elements = graph.eachNode(t) >= 0 ? nodeElements[graph.eachNode(t)] : inputElements[graph.eachInput(t)];
      int limit = slice != null ? slice.limit() : declaration.tasks().get(t).limit();
      fanOuts[t] = new FanOut(t, elements, limit, slice != null ? 0 : sliceSize);
    }
    return fanOuts[t];
  }

  /** Elements whose execution ended give their places up, unless another attempt of theirs follows. */
  private void releaseSlots() {
    for (int i = 0; i < endedElements.size(); i++) {
      int x = endedElements.get(i);
      FanOut fanOut = fanOuts[schedule.task(x)];
      int e = schedule.element(x);
      if (fanOut.latest[e] == x && fanOut.holds[e] && schedule.isEnded(x)) {
        fanOut.holds[e] = false;
        fanOut.held--;
      }
    }
    endedElements.clear();
  }

  /** Gives places to the elements waiting for one, in order, while there are places. */
  private void fill(FanOut fanOut) {
    while ((fanOut.limit == 0 || fanOut.held < fanOut.limit) && !fanOut.queue.isEmpty()) {
      int x = fanOut.queue.poll();
      if (schedule.isEnded(x) || schedule.isCancelled(x)) {
        schedule.drop(x); // given up while it waited, or ended with its slice
        continue;
      }
      int e = schedule.element(x);
      fanOut.holds[e] = true;
      fanOut.held++;
      admit(fanOut, x);
    }
  }

  /** Element execution {@code x} has a place: its activity is scheduled, or its slice starts. */
  private void admit(FanOut fanOut, int x) {
    if (!fanOut.sliced) {
      waiting.add(x);
      return;
    }
    if (!schedule.begin(x)) {
      return;
    }
    int s = fanOut.sliceOf(schedule.element(x));
    if (!fanOut.sliceStarted[s]) {
      fanOut.sliceStarted[s] = true;
      slicesToStart.add(new int[] {fanOut.task, s});
    }
  }

  /** Starts slice {@code s} of {@code fanOut} as a child workflow, with as many places as its elements hold. */
  private void startSlice(FanOut fanOut, int s) {
    int t = fanOut.task;
    int from = fanOut.from(s);
    int to = fanOut.to(s);
    int places = 0;
    for (int e = from; e < to; e++) {
      places += fanOut.holds[e] ? 1 : 0;
    }
    int limit = fanOut.limit == 0 ? 0 : places;
    var args = new Wire.SliceArgs(declaration, graph.taskName(t), inputsOf(t), resultsOf(t),
        new ArrayList<>(fanOut.elements.subList(from, to)), from, limit);
    var promise = new ArrayList<Promise<Wire.SliceResult>>(1);
    try {
      PayloadLimit.check(converter(), args, worker.options().payloadLimit(),
          "the arguments of elements " + from + " to " + (to - 1) + " of step '" + graph.taskName(t) + "' of " + name
              + " (the elements, the run's inputs and the results the step takes)", "ErrandsWorker.Options.payloadLimit");
      var options = ChildWorkflowOptions.newBuilder()
          .setWorkflowId(Workflow.getInfo().getWorkflowId() + "/" + graph.taskName(t) + "/" + from + "-" + (to - 1))
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
          .setCancellationType(ChildWorkflowCancellationType.TRY_CANCEL)
          .build();
      CancellationScope scope = Workflow.newCancellationScope(() -> promise.add(
          Workflow.newUntypedChildWorkflowStub(name + SLICE, options).executeAsync(Wire.SliceResult.class, args)));
      scope.run();
      fanOut.sliceScopes[s] = scope;
    } catch (PayloadTooLargeException tooLarge) { // fails the slice as its child would, without starting it
      promise.add(Workflow.newFailedPromise(tooLarge));
    }
    progress[t] = StepState.RUNNING;
    promise.get(0).handle((result, error) -> {
      fanOut.sliceScopes[s] = null;
      event(() -> sliceEnded(fanOut, s, result, error), t);
      return null;
    });
  }

  /** Slice {@code s}'s child workflow ended: its elements end with it. */
  private void sliceEnded(FanOut fanOut, int s, Wire.SliceResult result, RuntimeException error) {
    int from = fanOut.from(s);
    int to = fanOut.to(s);
    if (error == null) {
      for (int e = from; e < to; e++) {
        int x = fanOut.latest[e];
        schedule.begin(x); // an element still waiting for a place ran in its slice all the same
        schedule.succeeded(x, result.values().get(e - from), null);
      }
      return;
    }
    int failed = from;
    Throwable failure;
    boolean cancelled = isCancellation(error);
    if (cancelled) {
      failure = new CancellationException("cancelled on Temporal");
    } else if (error instanceof PayloadTooLargeException tooLarge) {
      failure = tooLarge;
    } else {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      Wire.SliceFailure sliceFailure = null;
      if (cause instanceof ApplicationFailure app && SLICE_FAILED.equals(app.getType())
          && app.getDetails() != null && app.getDetails().getSize() > 0) {
        try {
          sliceFailure = app.getDetails().get(0, Wire.SliceFailure.class);
        } catch (RuntimeException notOurs) {
          // as any other failure of a child workflow
        }
      }
      if (sliceFailure != null && sliceFailure.element() >= from && sliceFailure.element() < to) {
        failed = sliceFailure.element();
      }
      failure = Failures.toThrowable(sliceFailure != null ? sliceFailure.cause() : toError(fanOut.task, cause),
          graph.taskName(fanOut.task));
    }
    int x = fanOut.latest[failed];
    schedule.begin(x);
    schedule.failed(x, failure, false); // the slice applied the step's @Retry
  }

  /**
   * The run's inputs that task {@code t}'s step takes, by name: those its parameters take, as the
   * run's declaration recorded (every input when it did not say), but the one it runs once per
   * element of.
   */
  private java.util.Map<String, Object> inputsOf(int t) {
    if (slice != null) {
      return slice.inputs();
    }
    List<String> takes = declaration.tasks().get(t).inputs();
    var named = new LinkedHashMap<String, Object>();
    for (int i = 0; i < inputs.size(); i++) {
      String input = declaration.inputs().get(i).name();
      if (i != graph.eachInput(t) && (takes == null || takes.contains(input))) {
        named.put(input, inputs.get(i));
      }
    }
    return named;
  }

  /**
   * The results task {@code t}'s step takes, by name: of the nodes its node waits for, those its
   * parameters take, as the run's declaration recorded (all when it did not say: a node waited
   * for only to come after it is sent nothing), but the one it runs once per element of.
   */
  private java.util.Map<String, Object> resultsOf(int t) {
    if (slice != null) {
      return slice.results();
    }
    List<String> takes = declaration.tasks().get(t).results();
    var dependencies = new LinkedHashMap<String, Object>();
    int source = graph.eachNode(t);
    for (int dep : graph.after(graph.taskNode(t))) {
      if (dep != source && (takes == null || takes.contains(graph.nodeName(dep)))) {
        dependencies.put(graph.nodeName(dep), toWire(dep));
      }
    }
    return dependencies;
  }

  // ---------------------------------------------------------------------------------------------
  // What the schedule asks for

  @Override
  public void start(int x) {
    started.add(x); // scheduled once the schedule has returned: begin() must not be called from inside it
    if (schedule.element(x) >= 0) {
      fanOut(schedule.task(x)).latest[schedule.element(x)] = x;
    }
  }

  @Override
  public void pause(int x, long nanos) {
    if (schedule.element(x) >= 0) {
      fanOut(schedule.task(x)).latest[schedule.element(x)] = x; // its element keeps its place meanwhile
    }
    var timer = new ArrayList<Promise<Void>>(1);
    CancellationScope scope = Workflow.newCancellationScope(
        () -> timer.add(Workflow.newTimer(Duration.ofNanos(Math.max(nanos, 1_000_000L)))));
    scope.run();
    scopeOf(x, scope);
    if (schedule.attempt(x) > 1) {
      progress[schedule.task(x)] = StepState.RUNNING; // until the next attempt
    } // else a hedged race's racer waiting for its turn: not started yet
    timer.get(0).handle((fired, cancelled) -> {
      if (cancelled == null) {
        event(() -> schedule.pauseEnded(x), schedule.task(x));
      }
      return null;
    });
  }

  @Override
  public void cancel(int x) {
    int e = schedule.element(x);
    if (e >= 0 && fanOuts[schedule.task(x)].sliced) { // its slice's child workflow, with every element of it
      FanOut fanOut = fanOuts[schedule.task(x)];
      CancellationScope scope = fanOut.sliceScopes[fanOut.sliceOf(e)];
      if (scope != null) {
        scope.cancel();
        fanOut.sliceScopes[fanOut.sliceOf(e)] = null;
      }
      return;
    }
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
    if (schedule.element(x) >= 0) {
      endedElements.add(x);
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
   * step's parameters take and nothing more: the inputs and results the declaration says they take
   * (neither every input nor the results of nodes it waits for only to come after them), and for an
   * element of a fan-out its element, never the list it is an element of (generated code binds that
   * list to the {@code @Each} parameter alone), so that a fan-out's history grows with its
   * elements, not with their square nor with inputs it does not use.
   */
  private Promise<Value> invoke(int x, int t) {
    var args = new StepArgs(declaration.fingerprint(), graph.taskName(t), inputsOf(t), resultsOf(t),
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
      if (elements != null && elements.values() != null) {
        if (nodeElements == null) {
          nodeElements = new List<?>[graph.nodes()];
        }
        nodeElements[node] = elements.values();
      }
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
        .setSummary(label(graph.taskName(t), schedule.element(x) < 0 || slice == null ? schedule.element(x)
            : slice.offset() + schedule.element(x), schedule.attempt(x)))
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
      WorkflowView.Task task = slice != null
          ? Declarations.task(declaration, Declarations.graph(declaration), declaredTask)
          : Declarations.task(declaration, graph, t);
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
