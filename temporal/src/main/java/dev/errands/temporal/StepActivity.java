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
import io.temporal.client.ActivityCompletionException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every step of every served workflow, as one dynamic activity: the activity type names the step.
 * One attempt runs the step's generated body on a virtual thread of its own, while the activity's
 * thread heartbeats, enforces the step's {@code @Timeout}, and interrupts the body when Temporal
 * cancels the activity (a lost race, a failed run).
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
    for (int dep : view.nodes().get(decl.node()).after()) {
      String name = view.nodes().get(dep).name();
      if (stepArgs.results() == null || !stepArgs.results().containsKey(name)) {
        missing.add("the result of '" + name + "'");
      }
    }
    for (String input : view.inputs()) {
      if (stepArgs.inputs() == null || !stepArgs.inputs().containsKey(input)) {
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
    var call = new Call(name, view, decl, args, attempt, deadline);
    var outcome = new CompletableFuture<Object>();
    String simpleName = name.substring(name.lastIndexOf('.') + 1);
    Thread body = Thread.ofVirtual().name(simpleName + "." + decl.name()).start(() -> {
      CompletableFuture<?> stage = null;
      try {
        Object value = view.call(task, served.service(), call);
        if (decl.async() && value != null) {
          stage = ((CompletionStage<?>) value).toCompletableFuture();
          value = stage.get();
        }
        outcome.complete(value);
      } catch (InterruptedException e) {
        if (stage != null) {
          stage.cancel(true);
        }
        outcome.completeExceptionally(e);
      } catch (ExecutionException | CompletionException e) {
        outcome.completeExceptionally(e.getCause() != null ? e.getCause() : e);
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    });
    long beat = Math.max(10, worker.options().heartbeat().toMillis() / 4);
    while (true) {
      long wait = beat;
      if (limit != 0) {
        wait = Math.min(wait, Math.max(0, TimeUnit.NANOSECONDS.toMillis(limit - System.nanoTime())));
      }
      Value value;
      try {
        value = new Value(outcome.get(wait, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        throw failure(decl, call, e.getCause());
      } catch (TimeoutException notYet) {
        value = null; // still running
      } catch (InterruptedException e) { // the worker is shutting down: another worker takes over
        call.cancel();
        body.interrupt();
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("the worker stopped while step '" + decl.name() + "' ran", WORKER_STOPPED);
      }
      if (value != null) {
        return checked(context, name, decl, value);
      }
      if (limit != 0 && System.nanoTime() - limit >= 0) {
        var timeout = new TimeoutException("step '" + decl.name() + "' of " + name + (timeoutNanos > 0
            ? " ran longer than its @Timeout of " + Durations.describe(timeoutNanos)
            : " ran longer than the default step timeout of " + Durations.describe(defaultNanos)
                + " (ErrandsWorker.Options.defaultStepTimeout); give it a @Timeout"));
        call.cancel();
        body.interrupt();
        throw failure(decl, call, timeout);
      }
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException cancelled) { // cancelled, timed out or gone on the server
        call.cancel();
        body.interrupt();
        throw cancelled;
      }
    }
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

    Call(String workflow, WorkflowView<?, ?> view, WorkflowView.Task task, StepArgs args, int attempt, long deadline) {
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
      return Failures.toValue(args.results().get(name), name);
    }

    @Override
    public Outcome<?> outcome(int node) {
      Object value = result(node);
      return view.nodes().get(node).tolerated() ? (Outcome<?>) value : Outcome.success(value);
    }

    @Override
    public Object input(int index) {
      return args.inputs().get(view.inputs().get(index));
    }

    @Override
    public StepContext context() {
      return this;
    }

    @Override
    public Object element() {
      return args.element();
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
