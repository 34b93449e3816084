package dev.errands.temporal;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.StepInput;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import dev.errands.runtime.WorkflowView;
import dev.errands.temporal.Wire.Declaration;
import dev.errands.temporal.Wire.RunArgs;
import dev.errands.temporal.Wire.RunFailure;
import dev.errands.temporal.Wire.RunResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalException;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The client side: runs a workflow declaration on Temporal, where {@link ErrandsWorker}s serve it,
 * and returns the same {@code Result} record as the in-process orchestrator; a failed run throws
 * the same {@link WorkflowFailedException}, whose {@code step()} names the failed step and whose
 * cause keeps the original exception's class name and message (a {@link RemoteStepException}, or a
 * {@link TimeoutException} for a {@code @Timeout}).
 *
 * <pre>{@code
 * ErrandsClient errands = ErrandsClient.of(client, "profiles");   // client: with ErrandsDataConverter
 * ProfileServiceOrchestrator.Result page = errands.run(ProfileServiceOrchestrator.workflow(), 42L, "Paris");
 * }</pre>
 *
 * Inputs are passed in the order the orchestrator's {@code run} takes them; they cross by name. A
 * run records the declaration it is started with, and only workers that serve that declaration run
 * it (see {@link ErrandsWorker#serveAs}); one that reaches a worker that does not fails at once with a
 * {@link DeclarationChangedException}. Immutable and thread-safe.
 *
 * <p>What Temporal throws reaches the caller as errands' own exceptions, never as Temporal's:
 *
 * <ul>
 *   <li>a run that failed, for any reason, throws {@link WorkflowFailedException}: a step's
 *       failure names the step; a run that Temporal ended (terminated, timed out, failed by its
 *       workflow task, as on a non-determinism error) names the step that was running then (the
 *       last one scheduled; the first step when none was), with a {@link RemoteStepException}
 *       whose {@code type()} names Temporal's failure, or a {@link TimeoutException};
 *   <li>a cancelled run throws {@link CancellationException};
 *   <li>{@code start} with the id of a running run throws {@link RunAlreadyStartedException};
 *       inputs over the payload limit, {@link PayloadTooLargeException}; inputs the client's data
 *       converter cannot write, {@link IllegalArgumentException} naming the input;
 *   <li>a result the client's data converter cannot read (a class it does not trust) throws {@link
 *       IllegalStateException}, with the converter's exception as its cause;
 *   <li>a workflow id that no run has throws {@link NoSuchElementException};
 *   <li>any other failure to talk to Temporal (the service unreachable, say) throws {@link
 *       IllegalStateException}, with Temporal's exception as its cause, for the logs.
 * </ul>
 */
public final class ErrandsClient {
  /** The memo key of the fingerprint of the declaration a run started with. */
  public static final String MEMO_FINGERPRINT = "errands.fingerprint";
  /** The memo key of the declaration a run started with, readable: one line per input, step, race and racer. */
  public static final String MEMO_DECLARATION = "errands.declaration";

  private final WorkflowClient client;
  private final String taskQueue;
  private final long payloadLimit;

  private ErrandsClient(WorkflowClient client, String taskQueue, long payloadLimit) {
    this.client = Objects.requireNonNull(client, "client");
    this.taskQueue = Objects.requireNonNull(taskQueue, "taskQueue");
    if (payloadLimit <= 0) {
      throw new IllegalArgumentException("payloadLimit must be positive: " + payloadLimit);
    }
    this.payloadLimit = payloadLimit;
  }

  /**
   * Runs workflows on {@code taskQueue}, through {@code client}; the client's data converter must
   * be an {@link ErrandsDataConverter}, as the workers'.
   */
  public static ErrandsClient of(WorkflowClient client, String taskQueue) {
    return new ErrandsClient(client, taskQueue, ErrandsWorker.Options.DEFAULT_PAYLOAD_LIMIT);
  }

  /**
   * This client, with a run's inputs limited to {@code bytes} as the client's data converter
   * encodes them (2 MiB by default, Temporal's default limit on one payload): {@code start} throws
   * a {@link PayloadTooLargeException} for larger ones, before sending them.
   */
  public ErrandsClient withPayloadLimit(long bytes) {
    return new ErrandsClient(client, taskQueue, bytes);
  }

  /**
   * Runs the workflow and blocks until it ends.
   *
   * @throws WorkflowFailedException when a step failed (or the class {@code @Timeout} passed)
   */
  public <R> R run(Workflow<?, R> workflow, Object... inputs) {
    return start(workflow, inputs).result();
  }

  /** Starts a run, with a random workflow id, and returns at once. */
  public <R> Started<R> start(Workflow<?, R> workflow, Object... inputs) {
    return start(WorkflowOptions.newBuilder().build(), workflow, inputs);
  }

  /**
   * Starts a run whose Temporal workflow id is {@code workflowId}, and returns at once. Temporal
   * refuses a second run with the id of one still running; the id of a closed run of the same
   * workflow returns that run, whose {@code result()} is its result (or its failure): a step never
   * runs twice for one id.
   */
  public <R> Started<R> start(String workflowId, Workflow<?, R> workflow, Object... inputs) {
    return start(WorkflowOptions.newBuilder().setWorkflowId(Objects.requireNonNull(workflowId, "workflowId")).build(),
        workflow, inputs);
  }

  /**
   * Starts a run with Temporal options of your own, and returns at once: its workflow id (random
   * when not set), id reuse and conflict policies, search attributes, memo, timeouts, task queue
   * (this client's when not set), as Temporal reads them. Errands adds to them what each run needs:
   * the memo keys {@link #MEMO_FINGERPRINT} and {@link #MEMO_DECLARATION} (merged with yours, which
   * may not use them), and, for a class {@code @Timeout} when the options set no run timeout, a
   * run timeout a minute after it as a backstop. Without a reuse policy of yours, errands refuses
   * to reuse the id of a closed run, and returns that run instead (as {@link #start(String,
   * Workflow, Object...)}); with one, Temporal follows it ({@code ALLOW_DUPLICATE} runs again,
   * {@code REJECT_DUPLICATE} throws {@link RunAlreadyStartedException}).
   *
   * <pre>{@code
   * errands.start(WorkflowOptions.newBuilder()
   *         .setWorkflowId("profile-42")
   *         .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
   *         .setTypedSearchAttributes(SearchAttributes.newBuilder().set(CUSTOMER, "acme").build())
   *         .build(),
   *     ProfileServiceOrchestrator.workflow(), 42L, "Paris");
   * }</pre>
   *
   * @throws RunAlreadyStartedException when Temporal refuses the workflow id (a run with it is
   *     running, or the reuse policy refuses a closed one)
   * @throws IllegalArgumentException when the options' memo uses an errands key
   */
  public <R> Started<R> start(WorkflowOptions workflowOptions, Workflow<?, R> workflow, Object... inputs) {
    Objects.requireNonNull(workflowOptions, "workflowOptions");
    WorkflowView<?, R> view = workflow.view();
    if (inputs.length != view.inputs().size()) {
      throw new IllegalArgumentException(
          view.name() + " takes " + view.inputs().size() + " inputs " + view.inputs() + ", got " + inputs.length);
    }
    var options = WorkflowOptions.newBuilder(workflowOptions);
    String workflowId = workflowOptions.getWorkflowId() != null
        ? workflowOptions.getWorkflowId() : simpleName(view) + "-" + UUID.randomUUID();
    options.setWorkflowId(workflowId);
    if (workflowOptions.getTaskQueue() == null) {
      options.setTaskQueue(taskQueue);
    }
    // Without a reuse policy of the caller's, the id of a closed run stands for that run: start
    // returns it (below) instead of running every step again, as Temporal's default would.
    boolean reuseUnset = workflowOptions.getWorkflowIdReusePolicy() == null
        || workflowOptions.getWorkflowIdReusePolicy() == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED;
    if (reuseUnset) {
      options.setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    }
    // The class @Timeout is a timer in the workflow, which names the step that was running; the
    // run timeout, a minute later, only bounds a run that no worker advances.
    if (workflowOptions.getWorkflowRunTimeout() == null) {
      view.runTimeout().ifPresent(timeout -> options.setWorkflowRunTimeout(timeout.plus(Duration.ofMinutes(1))));
    }
    // The run records the declaration it starts with (workers continue it only with that one), by
    // name, and shows it in the UI's memo.
    Declaration declaration = Declarations.of(view.name(), view);
    var memo = new LinkedHashMap<String, Object>();
    if (workflowOptions.getMemo() != null) {
      for (String key : workflowOptions.getMemo().keySet()) {
        if (key.equals(MEMO_FINGERPRINT) || key.equals(MEMO_DECLARATION)) {
          throw new IllegalArgumentException("the memo key " + key + " is errands' own");
        }
      }
      memo.putAll(workflowOptions.getMemo());
    }
    memo.put(MEMO_FINGERPRINT, declaration.fingerprint());
    memo.put(MEMO_DECLARATION, declaration.summary());
    options.setMemo(memo);
    var named = new LinkedHashMap<String, Object>();
    var typed = new LinkedHashMap<String, Object>(); // as their declared types say, where the declaration has them
    Values values = Values.of(view);
    for (int i = 0; i < inputs.length; i++) {
      named.put(view.inputs().get(i), inputs[i]);
      typed.put(view.inputs().get(i), values.writeInput(i, inputs[i]));
    }
    WorkflowStub stub = client.newUntypedWorkflowStub(view.name(), options.build());
    Object args = new RunArgs(typed, declaration);
    DataConverter converter = client.getOptions().getDataConverter();
    try {
      PayloadLimit.check(converter, args, payloadLimit, "the inputs of " + view.name(), "ErrandsClient.withPayloadLimit");
    } catch (DataConverterException e) {
      throw unwritableInputs(converter, view, named, typed, e);
    }
    WorkflowExecution execution;
    try {
      execution = stub.start(args);
    } catch (WorkflowExecutionAlreadyStarted e) {
      Started<R> closed = reuseUnset ? closedRun(workflowId, view) : null;
      if (closed != null) {
        return closed;
      }
      throw new RunAlreadyStartedException(workflowId, "a run with workflow id " + workflowId + " (" + view.name()
          + ") is already running, or its id may not be reused: attach to it, or start with another id");
    } catch (TemporalException | StatusRuntimeException e) {
      throw unexpected("start a run of " + view.name() + " with workflow id " + workflowId, e);
    }
    return new Started<>(client, view, stub, execution);
  }

  /** The inputs {@code converter} cannot write, named (the first that it cannot write alone). */
  private static IllegalArgumentException unwritableInputs(DataConverter converter, WorkflowView<?, ?> view,
      Map<String, Object> named, Map<String, Object> typed, DataConverterException e) {
    String which = "its inputs";
    for (Map.Entry<String, Object> input : named.entrySet()) {
      try {
        converter.toPayloads(new Wire.Value(typed.get(input.getKey())));
      } catch (DataConverterException alone) {
        which = "input '" + input.getKey() + "'" + (input.getValue() == null ? "" : " (" + input.getValue().getClass().getName() + ")");
        break;
      }
    }
    return new IllegalArgumentException("cannot start " + view.name() + ": " + which
        + " cannot be written by the client's data converter: " + e.getMessage(), e);
  }

  /** The latest run with {@code workflowId}, if it is a closed run of {@code view}; else null. */
  private <R> Started<R> closedRun(String workflowId, WorkflowView<?, R> view) {
    WorkflowExecutionDescription description;
    try {
      description = client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty()).describe();
    } catch (RuntimeException unknown) {
      return null;
    }
    if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || !view.name().equals(description.getWorkflowType())) {
      return null;
    }
    WorkflowExecution execution = description.getExecution();
    WorkflowStub stub = client.newUntypedWorkflowStub(execution, Optional.of(view.name()));
    return new Started<>(client, view, stub, execution);
  }

  /**
   * Attaches to a run started earlier (perhaps by another process, with another version of the
   * declaration), by its workflow id. Its result is read by step name: when the run started with
   * another declaration, {@code result()} throws a {@link DeclarationChangedException} if a step of
   * {@code workflow} is not in it or changed its type or tolerance.
   * Nothing is asked of Temporal yet: an unknown id throws {@link NoSuchElementException} from
   * {@code result()}.
   */
  public <R> Started<R> attach(String workflowId, Workflow<?, R> workflow) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.of(workflow.view().name()));
    return new Started<>(client, workflow.view(), stub, stub.getExecution());
  }

  private static String simpleName(WorkflowView<?, ?> view) {
    return view.name().substring(view.name().lastIndexOf('.') + 1);
  }

  /**
   * A run on Temporal.
   *
   * @param <R> the result record
   */
  public static final class Started<R> {
    private final WorkflowClient client;
    private final WorkflowView<?, R> view;
    private final WorkflowStub stub;
    private final WorkflowExecution execution;

    Started(WorkflowClient client, WorkflowView<?, R> view, WorkflowStub stub, WorkflowExecution execution) {
      this.client = client;
      this.view = view;
      this.stub = stub;
      this.execution = execution;
    }

    /** The Temporal workflow id of this run. */
    public String workflowId() {
      return execution == null ? stub.getExecution().getWorkflowId() : execution.getWorkflowId();
    }

    /**
     * Blocks until the run ends.
     *
     * @throws WorkflowFailedException when a step failed (or the class {@code @Timeout} passed), or
     *     Temporal ended the run (see {@link ErrandsClient})
     * @throws CancellationException when the run was cancelled
     */
    public R result() {
      RunResult result;
      try {
        result = stub.getResult(RunResult.class);
      } catch (RuntimeException e) {
        throw translate(e);
      }
      return read(client, view, result);
    }

    /**
     * Completes when the run ends, as {@link #result()} returns or throws (with a {@link
     * CancellationException} when the run was cancelled; cancelling the future does not cancel the
     * run, {@link #cancel()} does).
     */
    public CompletableFuture<R> resultAsync() {
      return stub.getResultAsync(RunResult.class)
          .handle((result, error) -> {
            if (error == null) {
              return read(client, view, result);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw cause instanceof RuntimeException r ? translate(r) : new CompletionException(cause);
          });
    }

    /**
     * Where each step of the run is, by step name in the run's order (Temporal's query {@code
     * errands.progress}, answered by a worker that serves the run; a run that has ended too).
     *
     * @throws NoSuchElementException when no run has this workflow id
     * @throws IllegalStateException when Temporal could not answer (no worker polls the run's task
     *     queue, say)
     */
    public Map<String, StepState> progress() {
      Map<?, ?> states;
      try {
        states = stub.query(GraphWorkflow.PROGRESS_QUERY, Map.class);
      } catch (WorkflowNotFoundException e) {
        throw translate(e);
      } catch (TemporalException | StatusRuntimeException e) {
        throw unexpected("query the progress of the run of " + view.name() + " with workflow id " + workflowId(), e);
      }
      var progress = new LinkedHashMap<String, StepState>();
      states.forEach((step, state) -> progress.put((String) step, StepState.valueOf((String) state)));
      return java.util.Collections.unmodifiableMap(progress);
    }

    /**
     * Asks Temporal to cancel the run: its running steps are cancelled, and {@code result()} throws
     * a {@link CancellationException}. Does nothing on a run that has already ended.
     *
     * @throws NoSuchElementException when no run has this workflow id
     */
    public void cancel() {
      try {
        stub.cancel();
      } catch (WorkflowNotFoundException e) { // ended, or never was
        try {
          client.fetchHistory(workflowId()); // ended: nothing to cancel
        } catch (RuntimeException none) {
          throw translate(e);
        }
      } catch (RuntimeException e) {
        throw translate(e);
      }
    }

    private RuntimeException translate(RuntimeException e) {
      return ErrandsClient.translate(client, view, workflowId(), e);
    }
  }

  /**
   * The result record of a finished run, read by node name. A run that started with another
   * declaration (an older client's, say) is read when each node of this one is in it, a step as a
   * step and a race as a race, with the same tolerance and type: otherwise a {@link
   * DeclarationChangedException}, never a record with values in the wrong places.
   */
  private static <R> R read(WorkflowClient client, WorkflowView<?, R> view, RunResult result) {
    Declaration mine = Declarations.of(view.name(), view);
    if (result.declaration() != null && !mine.fingerprint().equals(result.declaration().fingerprint())) {
      var changes = Declarations.valueChanges(result.declaration(), mine);
      if (!changes.isEmpty()) {
        throw new DeclarationChangedException(view.name(), changes.get(0).step(),
            String.join("; ", changes.stream().map(Declarations.Change::text).toList())
                + ". The run started with declaration " + result.declaration().fingerprint() + ":\n" + result.declaration().summary());
      }
    }
    for (WorkflowView.Node node : view.nodes()) {
      if (!result.results().containsKey(node.name())) {
        throw new DeclarationChangedException(view.name(), node.name(), "step '" + node.name() + "' is not in the result of this run");
      }
    }
    return view.result(new ResultInput(view, result.results(), Values.of(view), client.getOptions().getDataConverter()));
  }

  private static RuntimeException translate(WorkflowClient client, WorkflowView<?, ?> view, String workflowId, RuntimeException e) {
    if (e instanceof io.temporal.client.WorkflowFailedException failed) {
      return translate(client, view, failed);
    }
    if (e instanceof WorkflowNotFoundException) {
      var none = new NoSuchElementException("no run of " + view.name() + " has workflow id " + workflowId);
      none.initCause(e);
      return none;
    }
    DataConverterException unreadable = null; // the SDK wraps it, in a WorkflowServiceException say
    for (Throwable t = e; t != null && unreadable == null; t = t.getCause() == t ? null : t.getCause()) {
      unreadable = t instanceof DataConverterException d ? d : null;
    }
    if (unreadable != null) {
      return new IllegalStateException("the run of " + view.name() + " with workflow id " + workflowId
          + " ended, but this client's data converter cannot read its result (a value class missing here, or not"
          + " trusted by its ErrandsDataConverter): " + unreadable.getMessage(), unreadable);
    }
    if (e instanceof TemporalException || e instanceof StatusRuntimeException) {
      return unexpected("wait for the run of " + view.name() + " with workflow id " + workflowId, e);
    }
    return e;
  }

  private static RuntimeException translate(WorkflowClient client, WorkflowView<?, ?> view, io.temporal.client.WorkflowFailedException e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure app && GraphWorkflow.RUN_FAILED.equals(app.getType())) {
      RunFailure failure = app.getDetails().get(0, RunFailure.class);
      if (DeclarationChangedException.class.getName().equals(failure.cause().type())) {
        return new DeclarationChangedException(view.name(), failure.step(), failure.cause().message());
      }
      return new WorkflowFailedException(view.name(), failure.step(), Failures.toThrowable(failure.cause(), failure.step()));
    }
    String id = e.getExecution().getWorkflowId();
    if (cause instanceof CanceledFailure) {
      return new CancellationException("the run of " + view.name() + " with workflow id " + id + " was cancelled");
    }
    String step = runningStep(client, view, e.getExecution());
    if (cause instanceof TimeoutFailure) { // the backstop run timeout: no worker advanced the run
      return new WorkflowFailedException(view.name(), step,
          new TimeoutException(view.name() + " did not finish within its @Timeout: " + cause.getMessage()));
    }
    if (cause instanceof TerminatedFailure terminated) {
      return new WorkflowFailedException(view.name(), step, new RemoteStepException(TerminatedFailure.class.getName(),
          "the run with workflow id " + id + " was terminated on Temporal: " + terminated.getOriginalMessage()));
    }
    if (cause instanceof ApplicationFailure app) { // a workflow task failure that failed the run: non-determinism, say
      return new WorkflowFailedException(view.name(), step, new RemoteStepException(app.getType(),
          "the run with workflow id " + id + " failed on Temporal: " + app.getOriginalMessage()));
    }
    String type = cause == null ? e.getClass().getName() : cause.getClass().getName();
    String message = cause == null ? e.getMessage() : cause.getMessage();
    return new WorkflowFailedException(view.name(), step,
        new RemoteStepException(type, "the run with workflow id " + id + " failed on Temporal: " + message));
  }

  /**
   * The step to blame for a run that Temporal ended: the last step whose activity was scheduled and
   * had not ended, else the last one scheduled, else the first step.
   */
  private static String runningStep(WorkflowClient client, WorkflowView<?, ?> view, WorkflowExecution execution) {
    String first = view.tasks().isEmpty() ? view.name() : view.tasks().get(0).name();
    String prefix = view.name() + ".";
    try {
      List<HistoryEvent> events = client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents();
      Set<Long> ended = new HashSet<>();
      for (HistoryEvent event : events) {
        switch (event.getEventType()) {
          case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> ended.add(event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
          case EVENT_TYPE_ACTIVITY_TASK_FAILED -> ended.add(event.getActivityTaskFailedEventAttributes().getScheduledEventId());
          case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> ended.add(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
          case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> ended.add(event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
          default -> { }
        }
      }
      String running = null;
      String last = null;
      for (HistoryEvent event : events) {
        if (event.hasActivityTaskScheduledEventAttributes()) {
          String type = event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
          String step = type.startsWith(prefix) ? type.substring(prefix.length()) : type;
          last = step;
          if (!ended.contains(event.getEventId())) {
            running = step;
          }
        }
      }
      return running != null ? running : last != null ? last : first;
    } catch (RuntimeException unreadable) { // the history is the best guess, not a must
      return first;
    }
  }

  /** Any other failure to talk to Temporal. */
  private static IllegalStateException unexpected(String what, RuntimeException e) {
    return new IllegalStateException("could not " + what + " on Temporal: " + e.getMessage(), e);
  }

  /** The values of a finished run's nodes, as the generated result factory reads them. */
  private record ResultInput(WorkflowView<?, ?> view, Map<String, Object> results, Values values, DataConverter converter)
      implements StepInput {
    @Override
    public Object result(int node) {
      String name = view.nodes().get(node).name();
      return Failures.toValue(results.get(name), name,
          wire -> values.readNode(converter, node, wire, "the result of '" + name + "' of " + view.name()));
    }

    @Override
    public Outcome<?> outcome(int node) {
      Object value = result(node);
      return view.nodes().get(node).tolerated() ? (Outcome<?>) value : Outcome.success(value);
    }

    @Override
    public Object input(int index) {
      throw new UnsupportedOperationException("a result record holds no inputs");
    }

    @Override
    public StepContext context() {
      throw new UnsupportedOperationException("a result record has no step context");
    }

    @Override
    public Object element() {
      throw new UnsupportedOperationException("a result record has no element");
    }
  }
}
