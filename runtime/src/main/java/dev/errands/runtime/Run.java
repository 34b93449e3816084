package dev.errands.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>Everything is driven by completions. A task (a step or a racer) is <em>made ready</em> when
 * the last node it waits for has succeeded; the thread that completed that node launches the ready
 * tasks on the executor and runs the first one itself, so a chain needs no hand-off at all. No
 * thread ever blocks waiting for a task, except the caller of {@link Workflow#run}.
 *
 * <p>Invariants, all guarded by {@code this}:
 *
 * <ul>
 *   <li>A task moves WAITING → QUEUED → RUNNING → ENDED, or RUNNING → ASYNC → ENDED for a step that
 *       returned a {@code CompletionStage}. {@code active} counts the tasks QUEUED, RUNNING or ASYNC.
 *   <li>A task is <em>settled</em> once: its outcome recorded, or the run gave up on it
 *       (<em>cancelled</em>). Whatever a cancelled task does afterwards is ignored. A task that runs
 *       past its own timeout is both: cancelled (interrupted), and recorded as failed.
 *   <li>A thread is interrupted only while it is RUNNING the task the interrupt is meant for: the
 *       interrupt is sent under the lock, and the task ends under the same lock, after which its
 *       thread clears the flag before it runs anything else.
 *   <li>The run is <em>decided</em> when every node succeeded, a failure was recorded, or the caller
 *       cancelled. It is <em>finished</em> when it is decided and {@code active} is zero: only then
 *       does {@code run} return or the future complete.
 * </ul>
 */
final class Run<S, R> implements StepInput {
  private static final AtomicLong RUN_IDS = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(Run.class.getName());
  private static final byte WAITING = 0, QUEUED = 1, RUNNING = 2, ASYNC = 3, ENDED = 4;

  private final Workflow<S, R> wf;
  private final S service;
  private final Object[] inputs;
  private final Executor executor; // null: a new virtual thread per launch
  private final Thread waiter; // the caller of run(), or null for runAsync
  private final RunListener listener; // or null: then no event is ever built
  private final long runId;
  private final long startNanos;
  private RunFuture future; // for runAsync

  // Guarded by this.
  private final Object[] results; // per node
  private final int[] waitingFor; // per node: how many of its `after` have not succeeded
  private final byte[] state; // per task
  private final boolean[] settled; // per task
  private final boolean[] cancelled; // per task
  private final Object[] handles; // per task: the Thread while RUNNING, the CompletableFuture while ASYNC
  private Future<?>[] timers; // per task, when a task has a timeout
  private Object[] events; // per task, a begun StepEvent, when Flight Recorder records steps
  private long[] taskStart; // per task, System.nanoTime() at its start, when a listener listens
  private Throwable[] timeouts; // per task, the TimeoutException of a task that timed out
  private List<RunEvent> pendingEvents; // decided under the lock, delivered after it
  private List<Throwable>[] raceFailures; // per node, for FIRST_TO_SUCCEED races
  private boolean[] raceDecided; // per node
  private int succeeded; // nodes
  private int active; // tasks
  private boolean decided;
  private boolean cancelledByCaller;
  private String failedStep;
  private Throwable failure;
  private Future<?> deadline;
  private List<CompletableFuture<?>> stagesToCancel;
  private int[] ready = new int[4];
  private int readyCount;

  private volatile boolean finished;

  Run(Workflow<S, R> wf, S service, RunOptions options, Object[] inputs, Thread waiter) {
    this.wf = wf;
    this.service = service;
    this.inputs = inputs;
    this.executor = options.executor();
    this.waiter = waiter;
    this.listener = options.listener();
    this.runId = listener == null ? 0 : RUN_IDS.incrementAndGet();
    this.startNanos = listener == null ? 0 : System.nanoTime();
    int nodes = wf.nodeName.length;
    int tasks = wf.taskName.length;
    results = new Object[nodes];
    waitingFor = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      waitingFor[n] = wf.nodeAfter[n].length;
    }
    state = new byte[tasks];
    settled = new boolean[tasks];
    cancelled = new boolean[tasks];
    handles = new Object[tasks];
    if (Flight.recording()) {
      events = new Object[tasks];
    }
    if (listener != null) {
      taskStart = new long[tasks];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // StepInput

  @Override
  public Object result(int node) {
    return results[node]; // written before the reader's task was made ready, under the lock
  }

  @Override
  public Object input(int index) {
    return inputs[index];
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
    int[] batch;
    synchronized (this) {
      if (wf.runTimeoutNanos > 0) {
        deadline = Timers.schedule(this::deadlinePassed, wf.runTimeoutNanos);
      }
      for (int n = 0; n < waitingFor.length; n++) {
        if (waitingFor[n] == 0) {
          makeReady(n);
        }
      }
      if (wf.nodeName.length == 0) {
        decided = true;
      }
      batch = takeReady();
    }
    launchAll(batch, 0);
    afterUnlock();
  }

  R await() throws InterruptedException {
    boolean interrupted = false;
    while (!finished) {
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
    return wf.result.create(this);
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

  /** Completes what must be done outside the lock: cancel stages, signal the end of the run. */
  private void afterUnlock() {
    List<CompletableFuture<?>> stages;
    List<RunEvent> toEmit;
    boolean finishNow;
    synchronized (this) {
      stages = stagesToCancel;
      stagesToCancel = null;
      toEmit = pendingEvents;
      pendingEvents = null;
      finishNow = !finished && decided && active == 0;
      if (finishNow) {
        finished = true;
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
    }
    if (stages != null) {
      for (CompletableFuture<?> stage : stages) {
        stage.cancel(true);
      }
    }
    if (toEmit != null) {
      toEmit.forEach(this::emit);
    }
    if (finishNow) {
      if (listener != null) {
        RunEvent.Outcome outcome = failure != null ? RunEvent.Outcome.FAILED
            : cancelledByCaller ? RunEvent.Outcome.CANCELLED : RunEvent.Outcome.SUCCEEDED;
        emit(new RunEvent.RunEnded(runId, wf.name, outcome, failedStep, startNanos, System.nanoTime()));
      }
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
  }

  /**
   * Completes the future of runAsync with the result. A result factory that throws (a hand-built
   * one; generated ones only cast) completes it exceptionally, as run would throw: the exception
   * must not escape on a step's thread and leave the future pending for ever.
   */
  private void completeWithResult() {
    R result;
    try {
      result = wf.result.create(this);
    } catch (Throwable e) {
      future.completeExceptionally(e);
      return;
    }
    future.complete(result);
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

  // ---------------------------------------------------------------------------------------------
  // Launching and running tasks

  private void launchAll(int[] batch, int from) {
    if (batch == null) {
      return;
    }
    for (int i = from; i < batch.length; i++) {
      launch(batch[i]);
    }
  }

  private void launch(int task) {
    Runnable work = () -> work(task);
    try {
      if (executor == null) {
        Thread.ofVirtual().name(wf.threadName[task]).start(work);
      } else {
        executor.execute(work);
      }
    } catch (Throwable e) { // RejectedExecutionException, or a thread that could not start
      synchronized (this) {
        if (state[task] != QUEUED) {
          return; // an odd executor that ran the task and then threw: the task has run its course
        }
        state[task] = ENDED;
        active--;
        if (!settled[task]) {
          settled[task] = true;
          record(task, null, e);
        }
      }
      afterUnlock();
    }
  }

  /** Runs {@code task}, then whichever task its completion made ready first, on this thread. */
  private void work(int task) {
    for (int next = task; next >= 0; ) {
      next = execute(next);
    }
  }

  /** Runs one task on the current thread; returns the next task to run here, or -1. */
  private int execute(int t) {
    Thread me = Thread.currentThread();
    boolean starts;
    synchronized (this) {
      starts = !cancelled[t];
      if (!starts) { // given up on while it was queued: it never starts
        state[t] = ENDED;
        active--;
      } else {
        state[t] = RUNNING;
        handles[t] = me;
        if (wf.taskTimeoutNanos[t] > 0) {
          timers()[t] = Timers.schedule(() -> timeoutPassed(t), wf.taskTimeoutNanos[t]);
        }
      }
    }
    if (!starts) {
      afterUnlock();
      return -1;
    }
    if (executor == null) {
      me.setName(wf.threadName[t]);
    }
    if (events != null) {
      events[t] = Flight.begin();
    }
    if (listener != null) {
      taskStart[t] = System.nanoTime();
      emit(new RunEvent.StepStarted(runId, wf.name, wf.taskName[t], raceOf(t), me.getName(), taskStart[t]));
    }

    Object value = null;
    Throwable error = null;
    try {
      value = wf.taskBody[t].call(service, this);
    } catch (Throwable e) {
      error = e;
    }
    if (error == null && wf.taskAsync[t]) {
      return awaitStage(t, value);
    }

    int[] batch;
    boolean wasCancelled;
    RunEvent.Outcome outcome;
    synchronized (this) {
      handles[t] = null;
      state[t] = ENDED;
      active--;
      wasCancelled = cancelled[t];
      if (!settled[t]) {
        settled[t] = true;
        record(t, value, error);
      }
      outcome = outcome(t, error);
      batch = takeReady();
    }
    if (wasCancelled) {
      Thread.interrupted(); // the run's interrupt was meant for this task only
    }
    ended(t, outcome, error);
    afterUnlock(); // before launching: a run with tasks still to launch cannot finish here
    if (batch == null) {
      return -1;
    }
    launchAll(batch, 1);
    return batch[0];
  }

  /** The step returned a stage: the task stays active, without a thread, until it completes. */
  private int awaitStage(int t, Object value) {
    CompletableFuture<?> stage;
    try {
      if (value == null) {
        throw new NullPointerException(
            "step '" + wf.taskName[t] + "' returned null instead of a CompletionStage");
      }
      stage = ((CompletionStage<?>) value).toCompletableFuture();
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    boolean cancelNow;
    synchronized (this) {
      state[t] = ASYNC;
      handles[t] = stage;
      cancelNow = cancelled[t];
    }
    if (cancelNow) {
      Thread.interrupted();
      stage.cancel(true);
    }
    stage.whenComplete((v, e) -> stageCompleted(t, v, e));
    return -1;
  }

  private void stageCompleted(int t, Object value, Throwable error) {
    if (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    int[] batch;
    RunEvent.Outcome outcome;
    synchronized (this) {
      handles[t] = null;
      state[t] = ENDED;
      active--;
      if (!settled[t]) {
        settled[t] = true;
        record(t, error == null ? value : null, error);
      }
      outcome = outcome(t, error);
      batch = takeReady();
    }
    ended(t, outcome, error);
    afterUnlock();
    launchAll(batch, 0); // never run a step on a thread that is not the executor's
  }

  /**
   * How task {@code t}, which has just ended, ended, for Flight Recorder and the listener; called
   * with the lock held, and {@code null} when neither listens. A task that ran past its own timeout
   * was interrupted like a cancelled one, but the run recorded a {@code TimeoutException} for it:
   * it failed.
   */
  private RunEvent.Outcome outcome(int t, Throwable error) {
    if (events == null && listener == null) {
      return null;
    }
    if (timeouts != null && timeouts[t] != null) {
      return RunEvent.Outcome.FAILED;
    }
    return cancelled[t] ? RunEvent.Outcome.CANCELLED
        : error == null ? RunEvent.Outcome.SUCCEEDED : RunEvent.Outcome.FAILED;
  }

  /** Tells Flight Recorder and the listener that task {@code t} ended with {@code outcome}. */
  private void ended(int t, RunEvent.Outcome outcome, Throwable error) {
    if (outcome == null) {
      return;
    }
    if (events != null && events[t] != null) {
      Flight.commit(events[t], wf.name, wf.taskName[t], outcome.name());
    }
    if (listener != null) {
      Throwable failure = null;
      if (outcome == RunEvent.Outcome.FAILED) {
        synchronized (this) {
          failure = timeouts != null && timeouts[t] != null ? timeouts[t] : error;
        }
      }
      emit(new RunEvent.StepEnded(runId, wf.name, wf.taskName[t], raceOf(t), outcome, failure,
          Thread.currentThread().getName(), taskStart[t], System.nanoTime()));
    }
  }

  private String raceOf(int t) {
    int node = wf.taskNode[t];
    return wf.nodeWins[node] == null ? null : wf.nodeName[node];
  }

  private void emit(RunEvent event) {
    try {
      listener.onEvent(event);
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.WARNING, "a RunListener threw on " + event + "; ignored", e);
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

  /** Records the outcome of a task that was not cancelled, and what follows from it. */
  private void record(int t, Object value, Throwable error) {
    cancelTimer(t);
    int node = wf.taskNode[t];
    Wins wins = wf.nodeWins[node];
    if (wins == null) { // a step
      if (error == null) {
        succeed(node, value);
      } else {
        fail(wf.taskName[t], error);
      }
      return;
    }
    if (raceDecided != null && raceDecided[node]) {
      return;
    }
    if (error == null) {
      decideRace(node, t, true);
      succeed(node, value);
    } else if (wins == Wins.FIRST_TO_SETTLE) {
      decideRace(node, t, false);
      fail(wf.taskName[t], error);
    } else {
      List<Throwable> failures = raceFailures(node);
      failures.add(error);
      if (failures.size() == wf.nodeTasks[node].length) {
        decideRace(node, -1, false);
        Throwable first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) {
          if (failures.get(i) != first) {
            first.addSuppressed(failures.get(i));
          }
        }
        fail(wf.nodeName[node], first);
      }
    }
  }

  /** Decides a race by racer {@code winner}'s outcome (-1: every racer failed). */
  private void decideRace(int node, int winner, boolean succeeded) {
    if (raceDecided == null) {
      raceDecided = new boolean[wf.nodeName.length];
    }
    raceDecided[node] = true;
    if (listener != null) {
      later(new RunEvent.RaceDecided(runId, wf.name, wf.nodeName[node],
          winner < 0 ? null : wf.taskName[winner], succeeded, System.nanoTime()));
    }
    for (int racer : wf.nodeTasks[node]) {
      if (racer != winner) {
        cancelTask(racer);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Throwable> raceFailures(int node) {
    if (raceFailures == null) {
      raceFailures = new List[wf.nodeName.length];
    }
    if (raceFailures[node] == null) {
      raceFailures[node] = new ArrayList<>();
    }
    return raceFailures[node];
  }

  private void succeed(int node, Object value) {
    results[node] = value;
    if (decided) {
      return;
    }
    if (++succeeded == wf.nodeName.length) {
      decided = true;
      return;
    }
    for (int dependent : wf.nodeDependents[node]) {
      if (--waitingFor[dependent] == 0) {
        makeReady(dependent);
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

  private void makeReady(int node) {
    for (int t : wf.nodeTasks[node]) {
      state[t] = QUEUED;
      active++;
      if (readyCount == ready.length) {
        ready = Arrays.copyOf(ready, readyCount * 2);
      }
      ready[readyCount++] = t;
    }
  }

  private int[] takeReady() {
    if (readyCount == 0) {
      return null;
    }
    int[] batch = Arrays.copyOf(ready, readyCount);
    readyCount = 0;
    return batch;
  }

  private void cancelAll() {
    for (int i = 0; i < readyCount; i++) { // made ready but not launched yet: they never will be
      int t = ready[i];
      state[t] = ENDED;
      settled[t] = true;
      cancelled[t] = true;
      active--;
    }
    readyCount = 0;
    for (int t = 0; t < state.length; t++) {
      cancelTask(t);
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** Gives up on a task: it never starts, or it is interrupted, or its stage is cancelled. */
  private void cancelTask(int t) {
    if (settled[t]) {
      return;
    }
    settled[t] = true;
    cancelled[t] = true;
    cancelTimer(t);
    switch (state[t]) {
      case WAITING -> state[t] = ENDED;
      case QUEUED -> {} // ends when its launch runs and sees `cancelled`
      case RUNNING -> ((Thread) handles[t]).interrupt();
      case ASYNC -> {
        if (stagesToCancel == null) {
          stagesToCancel = new ArrayList<>();
        }
        stagesToCancel.add((CompletableFuture<?>) handles[t]);
      }
      default -> {}
    }
  }

  private Future<?>[] timers() {
    if (timers == null) {
      timers = new Future<?>[state.length];
    }
    return timers;
  }

  private void cancelTimer(int t) {
    if (timers != null && timers[t] != null) {
      timers[t].cancel(false);
      timers[t] = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts (on the timer's thread)

  private void timeoutPassed(int t) {
    synchronized (this) {
      if (settled[t] || (state[t] != RUNNING && state[t] != ASYNC)) {
        return;
      }
      var timeout = new TimeoutException(
          "step '" + wf.taskName[t] + "' of " + wf.name + " ran longer than its @Timeout of "
              + Timers.describe(wf.taskTimeoutNanos[t]));
      timers[t] = null;
      if (timeouts == null) {
        timeouts = new Throwable[state.length];
      }
      timeouts[t] = timeout;
      cancelTask(t);
      record(t, null, timeout);
    }
    afterUnlock();
  }

  private void deadlinePassed() {
    synchronized (this) {
      if (decided) {
        return;
      }
      int step = -1;
      for (int t = 0; t < state.length && step < 0; t++) {
        if (!settled[t] && (state[t] == RUNNING || state[t] == ASYNC)) {
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
      fail(step >= 0 ? wf.taskName[step] : wf.nodeName[0], timeout);
    }
    afterUnlock();
  }
}
