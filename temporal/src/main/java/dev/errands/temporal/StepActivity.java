package dev.errands.temporal;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.StepInput;
import dev.errands.runtime.StepOptions;
import dev.errands.runtime.WorkflowView;
import dev.errands.temporal.Wire.StepArgs;
import dev.errands.temporal.Wire.StepError;
import dev.errands.temporal.Wire.Value;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.DynamicActivity;
import io.temporal.activity.ManualActivityCompletionClient;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every step of every served workflow, as one dynamic activity: the activity type names the step.
 * One attempt runs the step's generated body on the activity's own thread, so that {@code
 * Activity.getExecutionContext()} and what worker interceptors set on that thread (MDC, a tracing
 * span) reach the step; a virtual thread beside it heartbeats, enforces the step's {@code @Timeout},
 * and interrupts the body when Temporal cancels the activity (a lost race, a failed run).
 *
 * <p>Whether the step's own {@code @Retry} admits a failure (its {@code on} classes, by {@code
 * instanceof}) is decided here and reported with it; the workflow's schedule counts the attempts
 * and spaces them. Temporal itself retries only an attempt whose worker was lost.
 */
final class StepActivity implements DynamicActivity {
  private static final Logger log = LoggerFactory.getLogger(StepActivity.class);
  /** The type of the failure a worker reports for a step it stopped because it is shutting down. */
  static final String WORKER_STOPPED = "dev.errands.temporal.WorkerStopped";

  private final ErrandsWorker worker;

  StepActivity(ErrandsWorker worker) {
    this.worker = worker;
  }

  @Override
  public Object execute(EncodedValues args) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StepArgs stepArgs;
    try {
      stepArgs = args.get(0, StepArgs.class);
    } catch (RuntimeException e) {
      stepArgs = null;
    }
    if (stepArgs == null || stepArgs.declaration() == null) {
      throw declarationChanged("step " + context.getInfo().getActivityType()
          + " was scheduled by another version of errands-temporal, which does not say which declaration its run started with");
    }
    ErrandsWorker.Served<?> served = worker.served(stepArgs.declaration());
    int task = served == null ? -1 : served.task(stepArgs.step());
    if (task < 0) { // never retried: no attempt of it can succeed on a worker that does not serve its run
      throw declarationChanged("step '" + stepArgs.step() + "' (" + context.getInfo().getActivityType()
          + ") of a run that started with declaration " + stepArgs.declaration() + " is not served by this worker");
    }
    WorkflowView<?, ?> view = served.view();
    WorkflowView.Task decl = view.tasks().get(task);
    var missing = new ArrayList<String>();
    // An element's arguments hold its element, not the list it comes from (see GraphWorkflow.invoke);
    // they hold only the inputs and results the step's parameters take, where the declaration says
    // which (the run's declaration says the same: its fingerprint is the one served).
    for (int dep : view.resultsOf(task).orElse(view.nodes().get(decl.node()).after())) {
      if (dep == decl.eachNode()) {
        continue;
      }
      String name = view.nodes().get(dep).name();
      if (stepArgs.results() == null || !stepArgs.results().containsKey(name)) {
        missing.add("the result of '" + name + "'");
      }
    }
    List<Integer> inputs = view.inputsOf(task)
        .orElse(java.util.stream.IntStream.range(0, view.inputs().size()).boxed().toList());
    for (int i : inputs) {
      String input = view.inputs().get(i);
      if (i != decl.eachInput() && (stepArgs.inputs() == null || !stepArgs.inputs().containsKey(input))) {
        missing.add("input '" + input + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw declarationChanged("step '" + decl.name() + "' of " + served.name() + " was not sent " + String.join(", ", missing));
    }
    return attempt(context, served, task, stepArgs);
  }

  /** A failure of the step that no attempt can fix, as the workflow reads it. */
  private static ApplicationFailure declarationChanged(String message) {
    var detail = new StepError(DeclarationChangedException.class.getName(), message, List.of(), -1);
    return ApplicationFailure.newNonRetryableFailure(message, DeclarationChangedException.class.getName(), detail, false);
  }

  private <S> Value attempt(ActivityExecutionContext context, ErrandsWorker.Served<S> served, int task, StepArgs args) {
    WorkflowView<S, ?> view = served.view();
    WorkflowView.Task decl = view.tasks().get(task);
    long timeoutNanos = decl.timeout().map(Duration::toNanos).orElse(0L);
    long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    // Without a step or class @Timeout, the default step timeout bounds the attempt, enforced here
    // as a @Timeout would be: Temporal's start-to-close timeout, a heartbeat later, is the backstop.
    long defaultNanos = timeoutNanos == 0 && view.runTimeout().isEmpty() ? worker.options().defaultStepTimeout().toNanos() : 0;
    long limit = timeoutNanos > 0 ? deadline : defaultNanos > 0 ? System.nanoTime() + defaultNanos : 0;
    // The attempt of the step's @Retry, which the workflow counts (older histories: Temporal's own).
    int attempt = args.attempt() > 0 ? args.attempt() : context.getInfo().getAttempt();
    // The name the workflow is served as (its own, or serveAs's), never the class of the copy serving it.
    String name = served.name();
    var call = new Call(name, view, decl, args, attempt, deadline, served.values(),
        context.getWorkflowClient().getOptions().getDataConverter());
    var watch = new Watch(Thread.currentThread());
    String simpleName = name.substring(name.lastIndexOf('.') + 1);
    Thread.ofVirtual().name(simpleName + "." + decl.name() + " (watch)")
        .start(() -> watch(context, decl, call, watch, limit, timeoutNanos, defaultNanos));
    Object value = null;
    Throwable error = null;
    CompletableFuture<?> stage = null;
    Thread thread = Thread.currentThread();
    String threadName = thread.getName();
    thread.setName(simpleName + "." + decl.name()); // a thread dump says which step runs, as in-process
    try { // on the activity's own thread: its context, and what interceptors set on the thread, reach the step
      value = view.call(task, served.service(), call);
      if (decl.async() && value != null) {
        stage = ((CompletionStage<?>) value).toCompletableFuture();
        value = stage.get();
      }
    } catch (ExecutionException | CompletionException e) {
      error = e.getCause() != null ? e.getCause() : e;
    } catch (Throwable e) {
      error = e;
    } finally {
      thread.setName(threadName);
    }
    Throwable stop = watch.end();
    if (stage != null && !stage.isDone()) {
      stage.cancel(true);
    }
    if (watch.takenOver()) {
      Thread.interrupted();
      return null; // the watch reported the attempt's end: what the step did since counts for nothing
    }
    if (stop != null) {
      Thread.interrupted(); // the watch's interrupt, which the step may not have consumed
      if (stop instanceof ActivityCompletionException cancelled) {
        throw cancelled;
      }
      throw failure(decl, call, stop);
    }
    if (error != null && (error instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
      // the worker is shutting down: another worker takes over
      call.cancel();
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("the worker stopped while step '" + decl.name() + "' ran", WORKER_STOPPED);
    }
    if (error != null) {
      throw thrownAt(failure(decl, call, error), error);
    }
    return checked(context, name, decl, new Value(served.values().writeResult(task, value)));
  }

  /**
   * While a step runs on the activity's thread: heartbeats, and interrupts it at its timeout or
   * when Temporal cancels its activity. A step that ignores the interrupt has half a heartbeat to
   * end; then the watch reports its end as a manual completion, as it would have ended, and the
   * step's thread stays with it until it returns.
   */
  private void watch(ActivityExecutionContext context, WorkflowView.Task decl, Call call,
      Watch watch, long limit, long timeoutNanos, long defaultNanos) {
    long beat = Math.max(10, worker.options().heartbeat().toMillis() / 4);
    try {
      while (true) {
        long wait = beat;
        if (limit != 0) {
          wait = Math.min(wait, Math.max(0, TimeUnit.NANOSECONDS.toMillis(limit - System.nanoTime())));
        }
        if (watch.awaitEnd(wait)) {
          return;
        }
        Throwable stop = null;
        if (limit != 0 && System.nanoTime() - limit >= 0) {
          stop = new TimeoutException("step '" + decl.name() + "' of " + call.workflow() + (timeoutNanos > 0
              ? " ran longer than its @Timeout of " + Durations.describe(timeoutNanos)
              : " ran longer than the default step timeout of " + Durations.describe(defaultNanos)
                  + " (ErrandsWorker.Options.defaultStepTimeout); give it a @Timeout"));
        } else {
          try {
            context.heartbeat(null);
          } catch (ActivityCompletionException cancelled) { // cancelled, timed out or gone on the server
            stop = cancelled;
          }
        }
        if (stop == null) {
          continue;
        }
        call.cancel();
        if (!watch.stop(stop) || watch.awaitEnd(Math.max(10, worker.options().heartbeat().toMillis() / 2))) {
          return;
        }
        ManualActivityCompletionClient completion = watch.takeOver(context);
        if (completion != null) {
          log.warn("step '{}' of {} did not end when interrupted; its thread is left to it", decl.name(), call.workflow());
          if (stop instanceof ActivityCompletionException) {
            completion.reportCancellation(null);
          } else {
            completion.fail(failure(decl, call, stop));
          }
        }
        return;
      }
    } catch (InterruptedException | RuntimeException e) {
      if (!(e instanceof InterruptedException)) {
        log.warn("the watch of step '{}' of {} failed", decl.name(), call.workflow(), e);
      }
    }
  }

  /** The activity thread's step, as the watch sees it: whether it ended, why it was interrupted. */
  private static final class Watch {
    private final Thread runner;
    private final CountDownLatch ended = new CountDownLatch(1);
    private Throwable stop;
    private boolean done;
    private boolean takenOver;

    Watch(Thread runner) {
      this.runner = runner;
    }

    /** The step ended: why the watch interrupted it, or null. */
    synchronized Throwable end() {
      done = true;
      ended.countDown();
      return stop;
    }

    boolean awaitEnd(long millis) throws InterruptedException {
      return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Interrupts the step, unless it has ended; false if it has. */
    synchronized boolean stop(Throwable why) {
      if (done) {
        return false;
      }
      stop = why;
      runner.interrupt();
      return true;
    }

    /** Completes the activity without the step, unless it has ended (null then). */
    synchronized ManualActivityCompletionClient takeOver(ActivityExecutionContext context) {
      if (done) {
        return null;
      }
      takenOver = true;
      return context.useLocalManualCompletion();
    }

    synchronized boolean takenOver() {
      return takenOver;
    }
  }

  /**
   * {@code failure}, with the stack trace of {@code error}, what the step threw: Temporal sends the
   * failure's stack trace with it, and its UI then shows where the step threw, not where the worker
   * reported it.
   */
  private static ApplicationFailure thrownAt(ApplicationFailure failure, Throwable error) {
    if (error != null && error.getStackTrace().length > 0) {
      failure.setStackTrace(error.getStackTrace());
    }
    return failure;
  }

  /**
   * {@code value}, if the data converter in use encodes it within the payload limit; otherwise the
   * step fails, not retried: Temporal would refuse the result, and retrying cannot make it smaller.
   * The same for a result the data converter cannot write at all (an accessor that throws, a class
   * Jackson cannot handle): its body is not run again for a value that cannot be sent.
   */
  private Value checked(ActivityExecutionContext context, String workflow, WorkflowView.Task decl, Value value) {
    try {
      PayloadLimit.check(context.getWorkflowClient().getOptions().getDataConverter(), value,
          worker.options().payloadLimit(), "the result of step '" + decl.name() + "' of " + workflow,
          "ErrandsWorker.Options.payloadLimit");
      return value;
    } catch (PayloadTooLargeException tooLarge) {
      log.warn(tooLarge.getMessage());
      throw ApplicationFailure.newNonRetryableFailure(
          tooLarge.getMessage(), tooLarge.getClass().getName(), StepError.of(tooLarge), false);
    } catch (DataConverterException unwritable) { // as for a value too large: another attempt writes it no better
      var cannot = new IllegalArgumentException("the result of step '" + decl.name() + "' of " + workflow
          + " cannot be written by the worker's data converter, so it cannot be sent to Temporal: " + unwritable.getMessage(),
          unwritable);
      log.warn(cannot.getMessage(), unwritable);
      StepError detail = StepError.of(cannot);
      throw ApplicationFailure.newNonRetryableFailure(detail.message(), cannot.getClass().getName(), detail, false);
    }
  }

  /**
   * What the workflow learns of a step's failure: what it threw, and whether its {@code @Retry}'s
   * {@code on} admits it (by {@code instanceof}, which only this side can check). Non-retryable for
   * Temporal: the workflow's schedule applies {@code @Retry}, so that it is never applied twice.
   */
  private static ApplicationFailure failure(WorkflowView.Task decl, Call call, Throwable error) {
    StepOptions.RetryPolicy retry = decl.retry().orElse(null);
    boolean retryable = retry != null
        && !(error instanceof InterruptedException)
        && !(error instanceof CancellationException)
        && retry.retries(error);
    StepError detail = StepError.of(error); // bounded: a failure too large to report would be retried as lost
    return ApplicationFailure.newNonRetryableFailure(
        String.valueOf(detail.message()), error.getClass().getName(), detail, retryable);
  }

  /** One attempt's arguments and context. */
  private static final class Call implements StepInput, StepContext {
    private final String workflow;
    private final WorkflowView<?, ?> view;
    private final WorkflowView.Task task;
    private final StepArgs args;
    private final int attempt;
    private final long deadline;
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;

    private final Values values;
    private final DataConverter converter;

    Call(String workflow, WorkflowView<?, ?> view, WorkflowView.Task task, StepArgs args, int attempt, long deadline,
        Values values, DataConverter converter) {
      this.values = values;
      this.converter = converter;
      this.workflow = workflow;
      this.view = view;
      this.task = task;
      this.args = args;
      this.attempt = attempt;
      this.deadline = deadline;
    }

    @Override
    public Object result(int node) {
      String name = view.nodes().get(node).name();
      return Failures.toValue(args.results().get(name), name,
          wire -> values.readNode(converter, node, wire, "the result of '" + name + "' for step '" + task.name() + "'"));
    }

    @Override
    public Outcome<?> outcome(int node) {
      Object value = result(node);
      return view.nodes().get(node).tolerated() ? (Outcome<?>) value : Outcome.success(value);
    }

    @Override
    public Object input(int index) {
      String input = view.inputs().get(index);
      return values.readInput(converter, index, args.inputs().get(input), "input '" + input + "' of step '" + task.name() + "'");
    }

    @Override
    public StepContext context() {
      return this;
    }

    @Override
    public Object element() {
      return values.readElement(converter, task.index(), args.element(), "the element of step '" + task.name() + "'");
    }

    @Override
    public String workflow() {
      return workflow;
    }

    @Override
    public String step() {
      return task.name();
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public Optional<Duration> timeLeft() {
      return deadline == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public synchronized boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void onCancel(Runnable callback) {
      java.util.Objects.requireNonNull(callback, "callback");
      synchronized (this) {
        if (!cancelled) {
          callbacks.add(callback);
          return;
        }
      }
      run(callback);
    }

    void cancel() {
      List<Runnable> toRun;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        toRun = List.copyOf(callbacks);
        callbacks.clear();
      }
      toRun.forEach(Call::run);
    }

    private static void run(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException | Error e) {
        log.warn("an onCancel callback failed", e);
      }
    }
  }
}
