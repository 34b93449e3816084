package dev.errands.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * One attempt of a task (a step or a racer), or for a step run per element ({@code @Each}) one
 * attempt for one element: execution {@link #id} of its run's {@link
 * dev.errands.runtime.schedule.Schedule}, which decides when it starts and whether it is
 * cancelled. This class is what its thread does — begin, call the step with the run's context,
 * hand a returned stage over, end — and what the step sees of its run ({@link StepInput}, {@link
 * StepContext}).
 *
 * <p>Its mechanism, guarded by the run's lock: while a thread runs it, {@link #thread} (the one to
 * interrupt); while its stage is pending, {@link #stage} (the one to cancel); its {@link #timer}
 * (the pause before a retry starts, then its timeout); its onCancel callbacks.
 *
 * <p>Where it stands (queued, running, cancelled, ended), its element's index and its attempt are
 * the schedule's, read with {@link #id} under the lock: it keeps nothing else.
 *
 * <p>Its object outlives the execution when nothing else can still reach it: a thread that ends an
 * execution whose step never asked for its {@link StepContext}, which had no timeout and was not
 * observed, hands the object to the next execution its end starts ({@link #reuse}), so that a chain
 * run on one thread allocates one for its first step only. Its id, task and element then change,
 * under the run's lock, before anyone but that thread can see it.
 */
final class Execution implements Runnable, StepInput, StepContext, CapturedContext.Body {
  final Run<?, ?> run;
  int id; // changes only when the object is reused
  int task;
  Object value; // its element
  boolean contextTaken; // its step asked for its StepContext: the object may be kept by user code
  // Guarded by run.
  Thread thread; // while a thread runs it
  CompletableFuture<?> stage; // while the stage its step returned is pending
  Future<?> timer; // the pause before it starts (a retry), then its timeout while it runs
  long startedAt; // System.nanoTime() when it began, with a listener or a timeout; else 0
  List<Runnable> callbacks; // onCancel, until it ends or is cancelled
  Execution nextReady; // chains the executions one critical section made ready, until they are launched
  Object flightEvent; // its begun Flight Recorder event, or null

  Execution(Run<?, ?> run, int id, int task, Object value) {
    this.run = run;
    this.id = id;
    this.task = task;
    this.value = value;
  }

  /**
   * Makes this object, whose execution has ended and which nothing outside its run can reach, that
   * of execution {@code id}; with the run's lock held.
   */
  Execution reuse(int id, int task, Object value) {
    this.id = id;
    this.task = task;
    this.value = value;
    startedAt = 0;
    contextTaken = false;
    return this;
  }

  /** Runs this attempt on the current thread, then each the run hands to this thread next. */
  @Override
  public void run() {
    if (!run.begin(this)) {
      return; // given up on while it was queued, or already failed by its executor's rejection
    }
    for (Execution next = this; next != null; ) {
      next = next.runAttempt();
    }
  }

  /**
   * Runs this attempt, which this thread has taken up; returns the next one the run handed to this
   * thread, taken up already, or null.
   */
  private Execution runAttempt() {
    if (run.recording) {
      flightEvent = Flight.begin();
    }
    Object value = null;
    Throwable error = null;
    try {
      value = run.context == null ? call() : run.context.around(this);
    } catch (Throwable x) {
      error = x;
    }
    if (error == null && run.wf.taskAsync[task]) {
      run.awaitStage(this, stageOf(value));
      return null;
    }
    return run.ended(this, value, error, true);
  }

  /** Calls the step's method. */
  @Override
  public Object call() throws Throwable {
    return run.call(this);
  }

  /** The stage an asynchronous step returned, or one that failed with why there is none. */
  private CompletableFuture<?> stageOf(Object value) {
    try {
      if (value == null) {
        throw new NullPointerException(
            "step '" + run.wf.graph.taskName(task) + "' returned null instead of a CompletionStage");
      }
      return ((CompletionStage<?>) value).toCompletableFuture();
    } catch (Throwable x) {
      return CompletableFuture.failedFuture(x);
    }
  }

  /** The stage completed (on whatever thread completed it). */
  void stageCompleted(Object value, Throwable error) {
    run.ended(this, value, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error, false);
  }

  // ---------------------------------------------------------------------------------------------
  // What the step sees

  @Override
  public Object result(int node) {
    return run.result(node); // written before this execution started, under the lock
  }

  @Override
  public Outcome<?> outcome(int node) {
    return run.outcome(node);
  }

  @Override
  public Object input(int index) {
    return run.input(index);
  }

  @Override
  public StepContext context() {
    contextTaken = true; // read by the thread that runs it, as it ends it
    return this;
  }

  @Override
  public Object element() {
    return value;
  }

  @Override
  public String workflow() {
    return run.wf.name;
  }

  @Override
  public String step() {
    return run.wf.graph.taskName(task);
  }

  @Override
  public int attempt() {
    synchronized (run) {
      return run.schedule.attempt(id);
    }
  }

  @Override
  public Optional<Duration> timeLeft() {
    long timeout = run.wf.taskTimeoutNanos[task];
    long nearest = 0;
    if (timeout > 0) {
      synchronized (run) {
        nearest = startedAt + timeout;
      }
    }
    long runDeadline = run.deadlineNanos();
    if (runDeadline != 0 && (nearest == 0 || runDeadline < nearest)) {
      nearest = runDeadline;
    }
    return nearest == 0
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, nearest - System.nanoTime())));
  }

  @Override
  public boolean isCancelled() {
    synchronized (run) {
      return run.schedule.isCancelled(id);
    }
  }

  @Override
  public void onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    boolean now;
    synchronized (run) {
      now = run.schedule.isCancelled(id);
      if (!now && !run.schedule.isEnded(id)) {
        if (callbacks == null) {
          callbacks = new ArrayList<>();
        }
        callbacks.add(callback);
      }
    }
    if (now) {
      Outbox.runCallback(callback);
    }
  }

  @Override
  public String toString() {
    int element;
    synchronized (run) {
      element = run.schedule.element(id);
    }
    return run.wf.graph.taskName(task) + (element >= 0 ? "[" + element + "]" : "") + " attempt " + attempt();
  }
}
