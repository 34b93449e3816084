package dev.errands.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a {@link Workflow}: the engine.
 *
 * <p>Everything is driven by completions. A task (a step or a racer) is <em>started</em> when the
 * last node it waits for has succeeded (or settled, for a tolerated one). What actually runs is an
 * {@link Execution}: one attempt of a task, or for a step run per element ({@code @Each}) one
 * attempt for one element. The thread that ends an execution launches the executions its end made
 * ready and runs the first one itself, so a chain needs no hand-off at all. No thread ever blocks
 * waiting for an execution, except the caller of {@link Workflow#run}; a pause between two attempts
 * holds no thread either.
 *
 * <p>Invariants, all guarded by {@code this}:
 *
 * <ul>
 *   <li>An execution moves QUEUED → RUNNING → ENDED, with RUNNING → ASYNC while the stage a step
 *       returned is pending, and RUNNING → PAUSED → QUEUED between two attempts. {@code active}
 *       counts the executions not ENDED, plus the onCancel callbacks not yet run.
 *   <li>A task is <em>settled</em> once: its outcome recorded, or the run gave up on it
 *       (<em>cancelled</em>). An execution the run gave up on is cancelled: whatever it does
 *       afterwards is ignored. An attempt that runs past its timeout is interrupted like a cancelled
 *       one, and fails with a {@code TimeoutException}, whatever it does afterwards.
 *   <li>A thread is interrupted only while it is RUNNING the execution the interrupt is meant for:
 *       the interrupt is sent under the lock, and the execution ends under the same lock, after
 *       which its thread clears the flag before it runs anything else.
 *   <li>The run is <em>decided</em> when every node has succeeded or settled, a failure was
 *       recorded, or the caller cancelled. It is <em>finished</em> when it is decided and {@code
 *       active} is zero: only then does {@code run} return or the future complete.
 *   <li>User code (steps, stages' callbacks, listeners, onCancel callbacks, context propagators)
 *       never runs while the lock is held.
 * </ul>
 */
final class Run<S, R> {
  private static final AtomicLong RUN_IDS = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(Run.class.getName());
  // A task.
  private static final byte WAITING = 0, STARTED = 1;
  // An execution.
  private static final byte QUEUED = 0, RUNNING = 1, ASYNC = 2, PAUSED = 3, ENDED = 4;

  private final Workflow<S, R> wf;
  private final S service;
  private final Object[] inputs;
  private final Executor executor; // null: a new virtual thread per launch
  private final Thread waiter; // the caller of run(), or null for runAsync
  private final RunListener listener; // or null: then no event is ever built
  private final List<ContextPropagator<?>> propagators;
  private final Object[] captured; // what each propagator captured on the caller's thread
  private final long runId;
  private final long startNanos;
  private final long deadlineNanos; // System.nanoTime() when the run's timeout passes, or 0
  private RunFuture future; // for runAsync

  // Guarded by this.
  private final Object[] results; // per node; an Outcome for a tolerated node
  private final int[] waitingFor; // per node: how many of its `after` have not succeeded
  private final byte[] state; // per task
  private final boolean[] settled; // per task
  private final boolean[] cancelled; // per task
  private final Object[] current; // per task not run per element: its Execution
  private Each[] each; // per task run per element
  private final Object[] eachOfInput; // per input run per element: its elements (a List) or why not (a Throwable)
  private Object[] eachOfNode; // per node run per element: its result's elements, copied outside the lock
  private final boolean recording; // Flight Recorder records steps
  private int[] releasedBy; // per node, with a listener: the node whose end let it start, or -1
  private long[] nodeEnd; // per node, with a listener: when it succeeded or settled
  private List<RunEvent> pendingEvents; // decided under the lock, delivered after it
  private List<Runnable> callbacksToRun; // onCancel callbacks, run after the lock
  private List<Throwable>[] raceFailures; // per node, for FIRST_TO_SUCCEED races
  private boolean[] raceDecided; // per node
  private int succeeded; // nodes
  private int active; // executions, and callbacks to run
  private int inFlight; // threads between taking work in afterUnlock and finishing it
  private boolean decided;
  private boolean cancelledByCaller;
  private String failedStep;
  private Throwable failure;
  private Future<?> deadline;
  private List<CompletableFuture<?>> stagesToCancel;
  private Object[] ready = new Object[4]; // Executions made ready by this critical section
  private int readyCount;

  private volatile boolean finished; // decided, nothing running: end() is due
  private volatile boolean ended; // end() has told the listener: run() may return

  Run(Workflow<S, R> wf, S service, RunOptions options, Object[] inputs, Thread waiter) {
    this.wf = wf;
    this.service = service;
    this.inputs = inputs;
    this.executor = options.executor();
    this.waiter = waiter;
    this.listener = options.listener();
    this.propagators = options.propagators();
    this.captured = propagators.isEmpty() ? null : capture(propagators);
    this.runId = listener == null ? 0 : RUN_IDS.incrementAndGet();
    this.startNanos = listener == null && wf.runTimeoutNanos == 0 ? 0 : System.nanoTime();
    this.deadlineNanos = wf.runTimeoutNanos == 0 ? 0 : startNanos + wf.runTimeoutNanos;
    int nodes = wf.graph.nodes();
    int tasks = wf.graph.tasks();
    results = new Object[nodes];
    waitingFor = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      waitingFor[n] = wf.graph.after(n).length;
    }
    state = new byte[tasks];
    settled = new boolean[tasks];
    cancelled = new boolean[tasks];
    current = new Object[tasks];
    recording = Flight.recording();
    eachOfInput = new Object[inputs.length];
    for (int t = 0; t < tasks; t++) { // the user's Iterable is iterated here, never under the lock
      int input = wf.graph.eachInput(t);
      if (input >= 0 && eachOfInput[input] == null) {
        eachOfInput[input] = elements(inputs[input], wf.graph.taskName(t));
      }
    }
    if (listener != null) {
      releasedBy = new int[nodes];
      Arrays.fill(releasedBy, -1);
      nodeEnd = new long[nodes];
    }
  }

  private static Object[] capture(List<ContextPropagator<?>> propagators) {
    Object[] captured = new Object[propagators.size()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = propagators.get(i).capture();
    }
    return captured;
  }

  // ---------------------------------------------------------------------------------------------
  // Start, wait, finish

  CompletableFuture<R> future() {
    future = new RunFuture();
    return future;
  }

  void start() {
    if (listener != null) {
      emit(new RunEvent.RunStarted(runId, wf.name, startNanos));
    }
    Object[] batch;
    synchronized (this) {
      if (wf.runTimeoutNanos > 0) {
        deadline = Timers.schedule(this::deadlinePassed, wf.runTimeoutNanos);
      }
      for (int n = 0; n < waitingFor.length; n++) {
        if (waitingFor[n] == 0) {
          startNode(n);
        }
      }
      if (wf.graph.nodes() == 0) {
        decided = true;
      }
      batch = takeReady();
    }
    afterUnlock();
    launchAll(batch, 0);
  }

  R await() throws InterruptedException {
    boolean interrupted = false;
    while (!ended) {
      LockSupport.park(this);
      if (Thread.interrupted() && !interrupted) {
        interrupted = true;
        cancel();
      }
    }
    if (interrupted) {
      var e = new InterruptedException("interrupted while running " + wf.name + "; every step has ended");
      if (!cancelledByCaller && failure != null) {
        e.addSuppressed(failedException());
      }
      throw e;
    }
    if (failure != null) {
      throw failedException();
    }
    return wf.result.create(resultView());
  }

  private WorkflowFailedException failedException() {
    return new WorkflowFailedException(wf.name, failedStep, failure);
  }

  /** The caller gave up: interrupt everything, start nothing. */
  void cancel() {
    synchronized (this) {
      if (!decided) {
        decided = true;
        cancelledByCaller = true;
        cancelAll();
      }
    }
    afterUnlock();
  }

  /**
   * Does what must be done outside the lock — cancel stages, run onCancel callbacks, deliver
   * events — and ends the run when it is finished.
   */
  private void afterUnlock() {
    int done = 0; // callbacks this thread ran, not yet counted off `active`
    boolean carrying = false; // this thread took work from the run that it has not finished
    while (true) {
      List<CompletableFuture<?>> stages;
      List<Runnable> callbacks;
      List<RunEvent> toEmit;
      boolean finishNow;
      synchronized (this) {
        active -= done;
        done = 0;
        if (carrying) {
          inFlight--;
          carrying = false;
        }
        stages = stagesToCancel;
        stagesToCancel = null;
        callbacks = callbacksToRun;
        callbacksToRun = null;
        toEmit = pendingEvents;
        pendingEvents = null;
        carrying = stages != null || callbacks != null || toEmit != null;
        if (carrying) {
          inFlight++; // the run cannot end before these are done: events reach the listener first
        }
        finishNow = !carrying && inFlight == 0 && !finished && decided && active == 0;
        if (finishNow) {
          finished = true;
          if (deadline != null) {
            deadline.cancel(false);
          }
        }
      }
      if (!carrying) {
        if (finishNow) {
          end();
        }
        return;
      }
      if (stages != null) {
        for (CompletableFuture<?> stage : stages) {
          stage.cancel(true);
        }
      }
      if (toEmit != null) {
        toEmit.forEach(this::emit);
      }
      if (callbacks != null) {
        for (Runnable callback : callbacks) {
          runCallback(callback);
        }
        done = callbacks.size();
      }
    }
  }

  /**
   * Whether {@link #afterUnlock} has anything to do; called with the lock held at the end of a
   * critical section. Work queued for after the lock was queued by this section or by another
   * whose thread calls {@code afterUnlock} itself, and a thread with work in flight checks whether
   * the run ended once it is done; so a section that finds nothing may skip the call, and the
   * second lock it takes: a step that ends in a chain then takes the lock once.
   */
  private boolean hasWorkAfterUnlock() {
    return stagesToCancel != null
        || callbacksToRun != null
        || pendingEvents != null
        || (!finished && decided && active == 0 && inFlight == 0);
  }

  /** The run is finished: tell the listener, then whoever waits. */
  private void end() {
    if (listener != null) {
      RunEvent.Outcome outcome = failure != null ? RunEvent.Outcome.FAILED
          : cancelledByCaller ? RunEvent.Outcome.CANCELLED : RunEvent.Outcome.SUCCEEDED;
      List<String> path = outcome == RunEvent.Outcome.SUCCEEDED ? criticalPath() : List.of();
      emit(new RunEvent.RunEnded(runId, wf.name, outcome, failedStep, path, startNanos, System.nanoTime()));
    }
    ended = true;
    if (waiter != null) {
      LockSupport.unpark(waiter);
    } else if (future != null) {
      if (failure != null) {
        future.completeExceptionally(failedException());
      } else if (!cancelledByCaller) {
        completeWithResult();
      }
    }
  }

  /**
   * Completes the future of runAsync with the result. A result factory that throws (a hand-built
   * one; generated ones only cast) completes it exceptionally, as run would throw: the exception
   * must not escape on a step's thread and leave the future pending for ever.
   */
  private void completeWithResult() {
    R result;
    try {
      result = wf.result.create(resultView());
    } catch (Throwable e) {
      future.completeExceptionally(e);
      return;
    }
    future.complete(result);
  }

  /** The chain of nodes that set the run's wall time: from the last to end back to the first. */
  private synchronized List<String> criticalPath() {
    int last = -1;
    for (int n = 0; n < nodeEnd.length; n++) {
      if (last < 0 || nodeEnd[n] > nodeEnd[last]) {
        last = n;
      }
    }
    List<String> path = new ArrayList<>();
    for (int n = last; n >= 0; n = releasedBy[n]) {
      path.add(0, wf.graph.nodeName(n));
    }
    return path;
  }

  private final class RunFuture extends CompletableFuture<R> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelledNow = super.cancel(mayInterruptIfRunning);
      if (cancelledNow) {
        Run.this.cancel();
      }
      return cancelledNow;
    }
  }

  /** What the result factory reads: the results of the nodes. */
  private StepInput resultView() {
    return new Execution(-1, -1, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Executions

  /**
   * One attempt of a task, or of one element of a task run per element. It is what a step's call
   * sees as its {@link StepInput} and {@link StepContext}, and the {@code Runnable} handed to the
   * executor.
   */
  private final class Execution implements Runnable, StepInput, StepContext {
    final int task;
    final int element; // the 0-based index of the element, or -1
    final Object value; // the element
    // Guarded by Run.this.
    int attempt = 1;
    byte state = QUEUED;
    boolean cancelled;
    Thread thread; // while RUNNING
    CompletableFuture<?> stage; // while ASYNC
    Future<?> timer; // the attempt's timeout
    Future<?> pause; // while PAUSED
    long attemptDeadline; // System.nanoTime() when the attempt's timeout passes, or 0
    TimeoutException timedOut; // the attempt ran past its timeout
    List<Throwable> earlier; // the failures of earlier attempts
    List<Runnable> callbacks; // onCancel
    // Touched only by the thread that runs the attempt.
    Object event; // a begun StepEvent
    long startedAt;

    Execution(int task, int element, Object value) {
      this.task = task;
      this.element = element;
      this.value = value;
    }

    @Override
    public void run() {
      for (Execution next = this; next != null; ) {
        next = execute(next);
        if (next != null && executor == null) {
          Thread.currentThread().setName(wf.threadName[next.task]);
        }
      }
    }

    @Override
    public Object result(int node) {
      return results[node]; // written before this execution was made ready, under the lock
    }

    @Override
    public Outcome<?> outcome(int node) {
      Object result = results[node];
      return wf.graph.tolerated(node) ? (Outcome<?>) result : Outcome.success(result);
    }

    @Override
    public Object input(int index) {
      return inputs[index];
    }

    @Override
    public StepContext context() {
      return this;
    }

    @Override
    public Object element() {
      return value;
    }

    @Override
    public String workflow() {
      return wf.name;
    }

    @Override
    public String step() {
      return wf.graph.taskName(task);
    }

    @Override
    public int attempt() {
      synchronized (Run.this) {
        return attempt;
      }
    }

    @Override
    public Optional<Duration> timeLeft() {
      long nearest;
      synchronized (Run.this) {
        nearest = attemptDeadline;
      }
      if (deadlineNanos != 0 && (nearest == 0 || deadlineNanos < nearest)) {
        nearest = deadlineNanos;
      }
      return nearest == 0
          ? Optional.empty()
          : Optional.of(Duration.ofNanos(Math.max(0, nearest - System.nanoTime())));
    }

    @Override
    public boolean isCancelled() {
      synchronized (Run.this) {
        return cancelled || timedOut != null;
      }
    }

    @Override
    public void onCancel(Runnable callback) {
      java.util.Objects.requireNonNull(callback, "callback");
      boolean now;
      synchronized (Run.this) {
        now = cancelled || timedOut != null;
        if (!now && state != ENDED) {
          if (callbacks == null) {
            callbacks = new ArrayList<>();
          }
          callbacks.add(callback);
        }
      }
      if (now) {
        runCallback(callback);
      }
    }

    @Override
    public String toString() {
      return wf.graph.taskName(task) + (element >= 0 ? "[" + element + "]" : "") + " attempt " + attempt;
    }
  }

  /** For a task run once per element: its elements, and how far it got. */
  private static final class Each {
    final List<?> elements;
    final Object[] values;
    final List<Object> live = new ArrayList<>(); // its executions so far, for cancellation
    int next; // the next element to start
    int done; // elements that succeeded

    Each(List<?> elements) {
      this.elements = elements;
      this.values = new Object[elements.size()];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Launching and running executions

  private void launchAll(Object[] batch, int from) {
    if (batch == null) {
      return;
    }
    for (int i = from; i < batch.length; i++) {
      launch((Execution) batch[i]);
    }
  }

  private void launch(Execution e) {
    try {
      if (executor == null) {
        wf.threadFactory[e.task].newThread(e).start();
      } else {
        executor.execute(e);
      }
    } catch (Throwable x) { // RejectedExecutionException, or a thread that could not start
      Object[] batch;
      synchronized (this) {
        if (e.state != QUEUED) {
          return; // an odd executor that ran the task and then threw: it has run its course
        }
        e.state = ENDED;
        active--;
        if (!e.cancelled) {
          e.cancelled = true; // nothing of it runs any more
          if (e.earlier != null) { // rejected on a retry: the earlier attempts' failures go with it
            e.earlier.forEach(x::addSuppressed);
          }
          completed(e, null, x); // a tolerated step settles, and its dependents become ready
        }
        batch = takeReady();
      }
      afterUnlock();
      launchAll(batch, 0);
    }
  }

  /** Runs one attempt on the current thread; returns the next execution to run here, or null. */
  private Execution execute(Execution e) {
    Thread me = Thread.currentThread();
    int t = e.task;
    boolean starts;
    synchronized (this) {
      starts = !e.cancelled;
      if (!starts) { // given up on while it was queued: it never starts
        e.state = ENDED;
        active--;
      } else {
        e.state = RUNNING;
        e.thread = me;
        long timeout = wf.taskTimeoutNanos[t];
        if (timeout > 0) {
          int attempt = e.attempt;
          e.attemptDeadline = System.nanoTime() + timeout;
          e.timer = Timers.schedule(() -> timeoutPassed(e, attempt), timeout);
        }
      }
    }
    if (!starts) {
      afterUnlock();
      return null;
    }
    if (recording) {
      e.event = Flight.begin();
    }
    if (listener != null) {
      e.startedAt = System.nanoTime();
      emit(new RunEvent.StepStarted(runId, wf.name, wf.graph.taskName(t), raceOf(t), e.attempt, e.element, me.getName(), e.startedAt));
    }

    Object value = null;
    Throwable error = null;
    Object[] previous = captured == null ? null : new Object[propagators.size()];
    int installed = 0;
    try {
      for (; previous != null && installed < previous.length; installed++) {
        previous[installed] = install(propagators.get(installed), captured[installed]);
      }
      value = wf.taskBody[t].call(service, e);
    } catch (Throwable x) {
      error = x; // a propagator that cannot install fails the step, like the step itself
    } finally {
      if (previous != null) {
        restore(previous, installed);
      }
    }
    if (error == null && wf.taskAsync[t]) {
      awaitStage(e, value);
      return null;
    }
    return finish(e, value, error, true);
  }

  /** The step returned a stage: the execution stays active, without a thread, until it completes. */
  private void awaitStage(Execution e, Object value) {
    CompletableFuture<?> stage;
    try {
      if (value == null) {
        throw new NullPointerException(
            "step '" + wf.graph.taskName(e.task) + "' returned null instead of a CompletionStage");
      }
      stage = ((CompletionStage<?>) value).toCompletableFuture();
    } catch (Throwable x) {
      stage = CompletableFuture.failedFuture(x);
    }
    boolean cancelNow;
    synchronized (this) {
      e.state = ASYNC;
      e.thread = null;
      e.stage = stage;
      cancelNow = e.cancelled || e.timedOut != null;
    }
    if (cancelNow) {
      Thread.interrupted(); // the interrupt was meant for the call that returned the stage
      stage.cancel(true);
    }
    stage.whenComplete((v, x) -> finish(e, v, unwrap(x), false));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /**
   * An attempt ended: its call returned or threw ({@code onItsThread}), or its stage completed
   * (on whatever thread completed it). Retries it, or settles it and what follows from it; returns
   * the next execution to run on this thread, or null.
   */
  private Execution finish(Execution e, Object value, Throwable error, boolean onItsThread) {
    int node = e.task >= 0 ? wf.graph.taskNode(e.task) : -1;
    // Elements of a result that a later step runs once per element: the user's Iterable is
    // iterated here, outside the lock.
    Object elements = error == null && e.element < 0 && wf.graph.feedsEach(node)
        ? elements(value, wf.graph.nodeName(node)) : null;
    Object[] batch;
    boolean needsAfterUnlock;
    Object event;
    Execution retryNow = null;
    boolean interruptedByRun;
    RunEvent.Outcome outcome;
    Throwable failed;
    int attempt;
    synchronized (this) {
      if (e.timer != null) {
        e.timer.cancel(false);
        e.timer = null;
      }
      e.thread = null;
      e.stage = null;
      attempt = e.attempt;
      interruptedByRun = e.cancelled || e.timedOut != null;
      failed = e.timedOut != null ? e.timedOut : error; // past its timeout, it failed whatever it did
      if (e.cancelled) {
        e.state = ENDED;
        active--;
        outcome = e.timedOut != null ? RunEvent.Outcome.FAILED : RunEvent.Outcome.CANCELLED;
      } else if (failed != null && retries(e, failed)) {
        outcome = RunEvent.Outcome.FAILED;
        if (e.earlier == null) {
          e.earlier = new ArrayList<>();
        }
        e.earlier.add(failed);
        e.attempt++;
        e.timedOut = null;
        e.callbacks = null;
        long delay = wf.graph.retry(e.task).delayBefore(e.attempt);
        if (delay == 0) {
          e.state = QUEUED;
          retryNow = e;
        } else {
          e.state = PAUSED;
          e.pause = Timers.schedule(() -> resume(e), delay);
        }
      } else {
        e.state = ENDED;
        active--;
        e.callbacks = null; // it ended without being cancelled: its callbacks never run
        if (failed != null && e.earlier != null) {
          for (Throwable earlier : e.earlier) {
            if (earlier != failed) {
              failed.addSuppressed(earlier);
            }
          }
        }
        outcome = failed == null ? RunEvent.Outcome.SUCCEEDED : RunEvent.Outcome.FAILED;
        stepEnded(e, attempt, outcome, failed); // before what its end decides, such as a race
        if (elements != null && failed == null) {
          if (eachOfNode == null) {
            eachOfNode = new Object[wf.graph.nodes()];
          }
          eachOfNode[node] = elements;
        }
        completed(e, failed == null ? value : null, failed);
      }
      if (e.state != ENDED || e.cancelled) {
        stepEnded(e, attempt, outcome, failed);
      }
      event = e.event; // taken here: a retry may start, and begin its own event, once the lock is let go
      e.event = null;
      batch = takeReady();
      needsAfterUnlock = hasWorkAfterUnlock();
    }
    if (interruptedByRun && onItsThread) {
      Thread.interrupted(); // the run's interrupt was meant for this attempt only
    }
    if (event != null) {
      Flight.commit(event, wf.name, wf.graph.taskName(e.task), outcome.name());
    }
    if (needsAfterUnlock) {
      afterUnlock(); // before launching: a run with executions still to launch cannot finish here
    }
    if (!onItsThread) { // never run a step on a thread that is not the executor's
      launchAll(batch, 0);
      if (retryNow != null) {
        launch(retryNow);
      }
      return null;
    }
    if (retryNow != null) {
      launchAll(batch, 0);
      return retryNow;
    }
    if (batch == null) {
      return null;
    }
    launchAll(batch, 1);
    return (Execution) batch[0];
  }

  /** Whether the failed attempt {@code e} is tried again; with the lock held. */
  private boolean retries(Execution e, Throwable failure) {
    StepOptions.RetryPolicy policy = wf.graph.retry(e.task);
    return policy != null
        && e.attempt < policy.attempts()
        && !decided
        && !settled[e.task]
        && !(failure instanceof InterruptedException)
        && !(failure instanceof CancellationException)
        && policy.retries(failure);
  }

  /** The pause before a retry is over (on a timer's thread). */
  private void resume(Execution e) {
    synchronized (this) {
      if (e.state != PAUSED || e.cancelled) {
        return;
      }
      e.state = QUEUED;
      e.pause = null;
    }
    launch(e);
  }

  @SuppressWarnings("unchecked")
  private static <C> Object install(ContextPropagator<C> propagator, Object captured) {
    return propagator.install((C) captured);
  }

  /** Restores the first {@code installed} propagators, the last installed first. */
  private void restore(Object[] previous, int installed) {
    for (int i = installed - 1; i >= 0; i--) {
      try {
        propagators.get(i).restore(previous[i]);
      } catch (Throwable x) {
        LOG.log(System.Logger.Level.WARNING, "a ContextPropagator threw while restoring a thread; ignored", x);
      }
    }
  }

  private void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (Throwable x) {
      LOG.log(System.Logger.Level.WARNING, "an onCancel callback threw; ignored", x);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /**
   * Queues the listener's StepEnded for attempt {@code attempt} of {@code e}, with the lock held:
   * delivered by {@link #afterUnlock} like every event decided under the lock, so it counts as in
   * flight and always reaches the listener before the run's RunEnded.
   */
  private void stepEnded(Execution e, int attempt, RunEvent.Outcome outcome, Throwable failed) {
    if (listener != null) {
      later(new RunEvent.StepEnded(runId, wf.name, wf.graph.taskName(e.task), raceOf(e.task), attempt, e.element,
          outcome, outcome == RunEvent.Outcome.FAILED ? failed : null, Thread.currentThread().getName(),
          e.startedAt, System.nanoTime()));
    }
  }

  private String raceOf(int t) {
    int node = wf.graph.taskNode(t);
    return wf.graph.wins(node) == null ? null : wf.graph.nodeName(node);
  }

  private void emit(RunEvent event) {
    try {
      listener.onEvent(event);
    } catch (Throwable x) {
      LOG.log(System.Logger.Level.WARNING, "a RunListener threw on " + event + "; ignored", x);
    }
  }

  /** Queues an event decided under the lock; {@link #afterUnlock} delivers it. */
  private void later(RunEvent event) {
    if (pendingEvents == null) {
      pendingEvents = new ArrayList<>();
    }
    pendingEvents.add(event);
  }

  // ---------------------------------------------------------------------------------------------
  // Outcomes (all called with the lock held)

  /** Starts the tasks of node {@code node}, whose dependencies have all succeeded or settled. */
  private void startNode(int node) {
    for (int t : wf.graph.tasksOf(node)) {
      if (settled[t]) {
        continue;
      }
      state[t] = STARTED;
      if (wf.graph.eachNode(t) < 0 && wf.graph.eachInput(t) < 0) {
        Execution e = new Execution(t, -1, null);
        current[t] = e;
        queue(e);
        continue;
      }
      int sourceNode = wf.graph.eachNode(t);
      Object source = sourceNode < 0 ? eachOfInput[wf.graph.eachInput(t)]
          : eachOfNode != null && eachOfNode[sourceNode] != null ? eachOfNode[sourceNode]
          : results[sourceNode]; // the List of an @Each step: the runtime's own, safe to copy here
      if (source instanceof Throwable x) {
        settled[t] = true;
        record(t, null, x);
        continue;
      }
      List<?> elements = source instanceof List<?> list ? list : List.of();
      if (elements.isEmpty()) {
        settled[t] = true;
        record(t, List.of(), null);
        continue;
      }
      if (each == null) {
        each = new Each[state.length];
      }
      Each run = each[t] = new Each(elements);
      int limit = wf.graph.limit(t) == 0 ? elements.size() : Math.min(wf.graph.limit(t), elements.size());
      for (int i = 0; i < limit; i++) {
        startElement(t, run);
      }
    }
  }

  /** The elements of {@code source}, copied to a List, or the Throwable that iterating it threw. */
  private static Object elements(Object source, String of) {
    try {
      if (source == null) {
        throw new NullPointerException("the elements of '" + of + "' are null");
      }
      List<Object> elements = new ArrayList<>();
      ((Iterable<?>) source).forEach(elements::add);
      return elements;
    } catch (Throwable x) {
      return x;
    }
  }

  private void startElement(int t, Each run) {
    int index = run.next++;
    Execution e = new Execution(t, index, run.elements.get(index));
    run.live.add(e);
    queue(e);
  }

  private void queue(Execution e) {
    active++;
    if (readyCount == ready.length) {
      ready = Arrays.copyOf(ready, readyCount * 2);
    }
    ready[readyCount++] = e;
  }

  private Object[] takeReady() {
    if (readyCount == 0) {
      return null;
    }
    Object[] batch = Arrays.copyOf(ready, readyCount);
    Arrays.fill(ready, 0, readyCount, null);
    readyCount = 0;
    return batch;
  }

  /** Execution {@code e}, not cancelled, ended for good: with {@code value}, or {@code error}. */
  private void completed(Execution e, Object value, Throwable error) {
    int t = e.task;
    if (settled[t]) {
      return;
    }
    if (e.element < 0) {
      settled[t] = true;
      record(t, value, error);
      return;
    }
    Each run = each[t];
    if (error != null) {
      error.addSuppressed(new FailedElement(wf.graph.taskName(t), e.element));
      settled[t] = true;
      cancelExecutions(t); // fail fast: the other elements are interrupted
      record(t, null, error);
      return;
    }
    run.values[e.element] = value;
    run.done++;
    if (run.next < run.elements.size()) {
      startElement(t, run);
    } else if (run.done == run.elements.size()) {
      settled[t] = true;
      record(t, Collections.unmodifiableList(Arrays.asList(run.values)), null);
    }
  }

  /** Records the settled outcome of task {@code t}, and what follows from it. */
  private void record(int t, Object value, Throwable error) {
    int node = wf.graph.taskNode(t);
    Wins wins = wf.graph.wins(node);
    if (wins == null) { // a step
      if (error == null) {
        succeed(node, wf.graph.tolerated(node) ? Outcome.success(value) : value);
      } else {
        failNode(node, wf.graph.taskName(t), error);
      }
      return;
    }
    if (raceDecided != null && raceDecided[node]) {
      return;
    }
    if (error == null) {
      decideRace(node, t, true);
      succeed(node, wf.graph.tolerated(node) ? Outcome.success(value) : value);
    } else if (wins == Wins.FIRST_TO_SETTLE) {
      decideRace(node, t, false);
      failNode(node, wf.graph.taskName(t), error);
    } else {
      List<Throwable> failures = raceFailures(node);
      failures.add(error);
      if (failures.size() == wf.graph.tasksOf(node).length) {
        decideRace(node, -1, false);
        Throwable first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) {
          if (failures.get(i) != first) {
            first.addSuppressed(failures.get(i));
          }
        }
        failNode(node, wf.graph.nodeName(node), first);
      }
    }
  }

  /** Node {@code node} failed: the run fails, unless the failure is tolerated. */
  private void failNode(int node, String step, Throwable cause) {
    if (wf.graph.tolerated(node)) {
      succeed(node, Outcome.failure(cause));
    } else {
      fail(step, cause);
    }
  }

  /** Decides a race by racer {@code winner}'s outcome (-1: every racer failed). */
  private void decideRace(int node, int winner, boolean succeeded) {
    if (raceDecided == null) {
      raceDecided = new boolean[wf.graph.nodes()];
    }
    raceDecided[node] = true;
    if (listener != null) {
      later(new RunEvent.RaceDecided(runId, wf.name, wf.graph.nodeName(node),
          winner < 0 ? null : wf.graph.taskName(winner), succeeded, System.nanoTime()));
    }
    for (int racer : wf.graph.tasksOf(node)) {
      if (racer != winner) {
        cancelTask(racer);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Throwable> raceFailures(int node) {
    if (raceFailures == null) {
      raceFailures = new List[wf.graph.nodes()];
    }
    if (raceFailures[node] == null) {
      raceFailures[node] = new ArrayList<>();
    }
    return raceFailures[node];
  }

  /** Node {@code node} succeeded (or, tolerated, settled) with {@code value}. */
  private void succeed(int node, Object value) {
    results[node] = value;
    if (decided) {
      return;
    }
    if (nodeEnd != null) {
      nodeEnd[node] = System.nanoTime();
    }
    if (++succeeded == wf.graph.nodes()) {
      decided = true;
      return;
    }
    for (int dependent : wf.graph.dependents(node)) {
      if (--waitingFor[dependent] == 0) {
        if (releasedBy != null) {
          releasedBy[dependent] = node;
        }
        startNode(dependent);
      }
    }
  }

  private void fail(String step, Throwable cause) {
    if (decided) {
      if (failure != null && failure != cause) {
        failure.addSuppressed(cause); // a genuine failure seen while winding down
      }
      return;
    }
    decided = true;
    failedStep = step;
    failure = cause;
    cancelAll();
  }

  private void cancelAll() {
    for (int i = 0; i < readyCount; i++) { // made ready but not launched yet: they never will be
      Execution e = (Execution) ready[i];
      e.state = ENDED;
      e.cancelled = true;
      active--;
      ready[i] = null;
    }
    readyCount = 0;
    for (int t = 0; t < state.length; t++) {
      cancelTask(t);
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** Gives up on a task: it never starts, or its executions are interrupted or cancelled. */
  private void cancelTask(int t) {
    if (settled[t]) {
      return;
    }
    settled[t] = true;
    cancelled[t] = true;
    cancelExecutions(t);
  }

  private void cancelExecutions(int t) {
    if (current[t] != null) {
      cancelExecution((Execution) current[t]);
    }
    if (each != null && each[t] != null) {
      for (Object e : each[t].live) {
        cancelExecution((Execution) e);
      }
    }
  }

  /** Gives up on an execution: it never starts, or it is interrupted, or its stage is cancelled. */
  private void cancelExecution(Execution e) {
    if (e.cancelled || e.state == ENDED) {
      return;
    }
    e.cancelled = true;
    if (e.timer != null) {
      e.timer.cancel(false);
      e.timer = null;
    }
    switch (e.state) {
      case RUNNING -> e.thread.interrupt();
      case ASYNC -> {
        if (stagesToCancel == null) {
          stagesToCancel = new ArrayList<>();
        }
        stagesToCancel.add(e.stage);
      }
      case PAUSED -> {
        e.pause.cancel(false);
        e.pause = null;
        e.state = ENDED;
        active--;
      }
      default -> {} // QUEUED: it ends when its launch runs and sees `cancelled`
    }
    runCallbacksOf(e);
  }

  /** Schedules {@code e}'s onCancel callbacks to run after the lock; the run waits for them. */
  private void runCallbacksOf(Execution e) {
    if (e.callbacks == null) {
      return;
    }
    if (callbacksToRun == null) {
      callbacksToRun = new ArrayList<>();
    }
    callbacksToRun.addAll(e.callbacks);
    active += e.callbacks.size();
    e.callbacks = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts (on a timer's thread)

  private void timeoutPassed(Execution e, int attempt) {
    Object[] batch;
    synchronized (this) {
      if (e.cancelled || e.attempt != attempt || e.timer == null || (e.state != RUNNING && e.state != ASYNC)) {
        return; // it ended in time, or this timer's action started as its attempt ended
      }
      e.timer = null;
      var timeout = new TimeoutException(
          "step '" + wf.graph.taskName(e.task) + "' of " + wf.name + " ran longer than its @Timeout of "
              + Timers.describe(wf.taskTimeoutNanos[e.task]));
      e.timedOut = timeout;
      runCallbacksOf(e);
      if (retries(e, timeout)) { // interrupt this attempt; the next starts once it has ended
        if (e.state == RUNNING) {
          e.thread.interrupt();
        } else {
          if (stagesToCancel == null) {
            stagesToCancel = new ArrayList<>();
          }
          stagesToCancel.add(e.stage);
        }
      } else { // the last attempt: the step fails now, whenever the attempt ends
        cancelExecution(e);
        if (e.earlier != null) {
          e.earlier.forEach(timeout::addSuppressed);
        }
        completed(e, null, timeout); // a tolerated step settles, and its dependents become ready
      }
      batch = takeReady();
    }
    afterUnlock();
    launchAll(batch, 0); // the timer's thread only launches; it never runs a step itself
  }

  private void deadlinePassed() {
    synchronized (this) {
      if (decided) {
        return;
      }
      int step = -1;
      for (int t = 0; t < state.length && step < 0; t++) {
        if (!settled[t] && isRunning(t)) {
          step = t;
        }
      }
      for (int t = 0; t < state.length && step < 0; t++) {
        if (!settled[t]) {
          step = t;
        }
      }
      var timeout = new TimeoutException(
          wf.name + " did not finish within its @Timeout of " + Timers.describe(wf.runTimeoutNanos));
      fail(step >= 0 ? wf.graph.taskName(step) : wf.graph.nodeName(0), timeout);
    }
    afterUnlock();
  }

  /** Whether task {@code t} has an execution running, or pausing between two attempts. */
  private boolean isRunning(int t) {
    if (current[t] != null) {
      byte s = ((Execution) current[t]).state;
      return s == RUNNING || s == ASYNC || s == PAUSED;
    }
    if (each != null && each[t] != null) {
      for (Object o : each[t].live) {
        byte s = ((Execution) o).state;
        if (s == RUNNING || s == ASYNC || s == PAUSED) {
          return true;
        }
      }
    }
    return false;
  }
}
