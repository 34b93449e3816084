package dev.errands.runtime;

import dev.errands.runtime.schedule.Elements;
import dev.errands.runtime.schedule.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a {@link Workflow}: the mechanism around its {@link Schedule}. The schedule holds the
 * rules (what starts, what a race's end decides, what a failure cancels); the run owns the threads,
 * the lock, interrupts, timers, the caller's context and the listener. It tells the schedule what
 * happened, under its lock, and does what the schedule asks ({@link Schedule.Actions}). Its result
 * factory reads the nodes' results and the inputs from the run itself ({@link StepInput}).
 *
 * <p>Everything is driven by completions. The thread that ends an {@link Execution} launches the
 * executions its end made ready and runs the first one itself, so a chain needs no hand-off at all
 * (and takes one lock a step, see {@link #ended}). No thread ever blocks waiting for an execution, except the caller of {@link Workflow#run};
 * a pause between two attempts holds no thread either.
 *
 * <p>Invariants, all guarded by {@code this}:
 *
 * <ul>
 *   <li>Every execution the schedule has not ended has its {@link Execution} in {@code
 *       executions}: queued in {@code ready} until launched, then handed to a thread or an
 *       executor, or pausing on a timer.
 *   <li>A thread is interrupted only while it runs the execution the interrupt is meant for: the
 *       interrupt is sent under the lock, and the execution ends under the same lock, in the
 *       critical section where its thread clears the flag, before it takes up anything else.
 *   <li>The run is <em>finished</em> when the schedule is (decided, every execution ended) and the
 *       {@link Outbox} is empty: only then does {@code run} return or the future complete.
 *   <li>User code (steps, stages' callbacks, listeners, onCancel callbacks, context propagators,
 *       the Iterables of fan-outs) never runs while the lock is held.
 * </ul>
 */
final class Run<S, R> implements Schedule.Actions, StepInput {
  static final System.Logger LOG = System.getLogger(Run.class.getName());
  private static final AtomicLong RUN_IDS = new AtomicLong();

  final Workflow<S, R> wf;
  private final S service;
  private final Object[] inputs;
  private final Executor executor; // null: a new virtual thread per launch
  private final Timers.Source timers;
  private final Thread waiter; // the caller of run(), or null for runAsync
  final RunListener listener; // or null: then no event is ever built
  final CapturedContext context; // or null
  final boolean recording; // Flight Recorder records steps
  private final long runId;
  private final long startNanos;
  private RunFuture future; // for runAsync

  // Guarded by this.
  final Schedule schedule;
  private final Outbox outbox;
  private Execution[] executions; // by id, while the schedule has not ended them
  private Execution ready; // the last started by this critical section, chained to those before it
  // While its thread tells the schedule it ended: an execution whose object the next execution
  // started may take, once the schedule has ended it (see Execution#reuse).
  private Execution spare;
  private Future<?> deadline;

  private volatile boolean ended; // the run is over: run() may return

  Run(Workflow<S, R> wf, S service, RunOptions options, Object[] inputs, Thread waiter) {
    this.wf = wf;
    this.service = service;
    this.inputs = inputs;
    this.executor = options.executor();
    this.timers = options.timers();
    this.waiter = waiter;
    this.listener = options.listener();
    this.context = CapturedContext.capture(options, wf);
    this.recording = Flight.recording();
    this.runId = listener == null ? 0 : RUN_IDS.incrementAndGet();
    this.startNanos = listener == null && wf.runTimeoutNanos == 0 ? 0 : System.nanoTime();
    // The user's Iterables of fan-outs over inputs: iterated here, outside the lock.
    this.schedule = new Schedule(wf.graph, this,
        wf.graph.runsPerElement() ? Elements.ofInputs(wf.graph, Arrays.asList(inputs)) : null);
    this.outbox = new Outbox(this);
    this.executions = new Execution[Math.max(1, wf.graph.tasks())];
  }

  /** System.nanoTime() when the run's timeout passes, or 0. */
  long deadlineNanos() {
    return wf.runTimeoutNanos == 0 ? 0 : startNanos + wf.runTimeoutNanos;
  }

  // ---------------------------------------------------------------------------------------------
  // Start, wait, end

  CompletableFuture<R> future() {
    future = new RunFuture();
    return future;
  }

  void start() {
    if (listener != null) {
      outbox.emit(new RunEvent.RunStarted(runId, wf.name, startNanos)); // first: nothing else runs yet
    }
    Execution batch;
    synchronized (this) {
      if (wf.runTimeoutNanos > 0) {
        deadline = timers.schedule(this::deadlinePassed, wf.runTimeoutNanos);
      }
      schedule.start();
      batch = afterEvent();
    }
    afterUnlock();
    launchAll(batch);
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
    if (!interrupted && Thread.interrupted()) {
      interrupted = true; // the run ended while its caller, interrupted, ran a step of it (see ended)
    }
    if (interrupted) {
      var e = new InterruptedException("interrupted while running " + wf.name + "; every step has ended");
      if (schedule.outcome() == RunEvent.Outcome.FAILED) {
        e.addSuppressed(failedException());
      }
      throw e;
    }
    if (schedule.failure() != null) {
      throw failedException();
    }
    return wf.result.create(this);
  }

  private WorkflowFailedException failedException() {
    return new WorkflowFailedException(wf.name, schedule.failedStep(), schedule.failure());
  }

  /** The caller gave up: interrupt everything, start nothing. */
  void cancel() {
    synchronized (this) {
      schedule.cancel();
      afterEvent();
    }
    afterUnlock();
  }

  /** Does what must be done outside the lock, and ends the run when it is finished. */
  private void afterUnlock() {
    if (outbox.drain()) {
      end();
    }
  }

  /** The run is finished: tell the listener, then whoever waits. */
  private void end() {
    if (context != null) {
      context.runEnded(schedule.outcome(), schedule.failedStep(), schedule.failure());
    }
    if (listener != null) {
      RunEvent.Outcome outcome = schedule.outcome();
      boolean succeeded = outcome == RunEvent.Outcome.SUCCEEDED;
      List<String> path = succeeded ? criticalPath() : List.of();
      Map<String, List<String>> neverStarted = succeeded ? Map.of() : neverStartedInUndecidedRaces();
      outbox.emit(new RunEvent.RunEnded(
          runId, wf.name, outcome, schedule.failedStep(), path, startNanos, System.nanoTime(), neverStarted));
    }
    ended = true;
    if (waiter != null && waiter != Thread.currentThread()) { // a caller that ran the last step is not parked
      LockSupport.unpark(waiter);
    } else if (future != null) {
      if (schedule.failure() != null) {
        future.completeExceptionally(failedException());
      } else if (schedule.outcome() == RunEvent.Outcome.SUCCEEDED) {
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
      result = wf.result.create(this);
    } catch (Throwable e) {
      future.completeExceptionally(e);
      return;
    }
    future.complete(result);
  }

  /** The chain of nodes that set the run's wall time, first to last. */
  private synchronized List<String> criticalPath() {
    List<String> path = new ArrayList<>();
    for (int node : schedule.criticalPath()) {
      path.add(wf.graph.nodeName(node));
    }
    return path;
  }

  /** Per hedged race that had started and was not decided when the run was: its racers that never started. */
  private synchronized Map<String, List<String>> neverStartedInUndecidedRaces() {
    Map<String, List<String>> races = Map.of();
    for (int node = 0; node < wf.graph.nodes(); node++) {
      if (wf.graph.hedgeNanos(node) > 0 && !schedule.isRaceDecided(node)) {
        List<String> racers = neverStarted(node);
        if (!racers.isEmpty()) {
          if (races.isEmpty()) {
            races = new LinkedHashMap<>();
          }
          races.put(wf.graph.nodeName(node), racers);
        }
      }
    }
    return races;
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
  // What the result factory reads, and steps through their Execution

  /** Node {@code node}'s result (written under the lock, before whoever reads it was started). */
  @Override
  public Object result(int node) {
    return schedule.result(node);
  }

  @Override
  public Outcome<?> outcome(int node) {
    Object result = schedule.result(node);
    return wf.graph.tolerated(node) ? (Outcome<?>) result : Outcome.success(result);
  }

  @Override
  public Object input(int index) {
    return inputs[index];
  }

  @Override
  public StepContext context() {
    throw new UnsupportedOperationException("the result of a run has no step context");
  }

  @Override
  public Object element() {
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // What the schedule asks for (with the lock held)

  @Override
  public void start(int x) {
    Execution e = x < executions.length ? executions[x] : null; // a retry whose pause ended
    if (e == null) {
      e = newExecution(x);
    }
    e.nextReady = ready;
    ready = e;
  }

  @Override
  public void pause(int x, long nanos) {
    Execution e = newExecution(x);
    e.timer = timers.schedule(() -> pauseEnded(e), nanos);
  }

  private Execution newExecution(int x) {
    if (x >= executions.length) {
      executions = Arrays.copyOf(executions, Math.max(x + 1, executions.length * 2));
    }
    Execution e = spare;
    if (e != null && executions[e.id] == null) { // it has ended, and nothing else can reach it
      spare = null;
      return executions[x] = e.reuse(x, schedule.task(x), schedule.elementValue(x));
    }
    return executions[x] = new Execution(this, x, schedule.task(x), schedule.elementValue(x));
  }

  @Override
  public void cancel(int x) {
    Execution e = executions[x];
    if (e.timer != null) {
      e.timer.cancel(false);
      e.timer = null;
    }
    if (e.thread != null) {
      e.thread.interrupt();
    } else if (e.stage != null) {
      outbox.cancel(e.stage);
    }
    if (e.callbacks != null) {
      outbox.run(e.callbacks);
      e.callbacks = null;
    }
    if (schedule.isEnded(x)) { // it was pausing: it ends here
      executions[x] = null;
    }
  }

  @Override
  public void ended(int x, RunEvent.Outcome outcome, Throwable failure) {
    Execution e = executions[x];
    executions[x] = null;
    if (e.flightEvent != null) {
      Flight.outcome(e.flightEvent, outcome.name());
    }
    e.callbacks = null; // not cancelled: its callbacks never run
    if (context != null && context.observed()) { // after the lock, before the run ends, once raceDecided has said whether it won
      outbox.run(List.of(() -> context.stepEnded(e, outcome, failure)));
    }
    if (listener != null) {
      outbox.event(new RunEvent.StepEnded(runId, wf.name, wf.graph.taskName(e.task), raceOf(e.task),
          schedule.attempt(x), schedule.element(x), outcome, failure, Thread.currentThread().getName(),
          e.startedAt, System.nanoTime()));
    }
  }

  @Override
  public void raceDecided(int node, int winner, boolean succeeded) {
    if (context != null) {
      context.raceDecided(winner);
    }
    if (listener != null) {
      outbox.event(new RunEvent.RaceDecided(runId, wf.name, wf.graph.nodeName(node),
          winner < 0 ? null : wf.graph.taskName(winner), succeeded, System.nanoTime(), neverStarted(node)));
    }
  }

  /**
   * The racers of race {@code node} that never start, as it is decided or the run ends (a hedged
   * race's): those waiting for their turn, and one whose turn came but that no thread took up.
   */
  private List<String> neverStarted(int node) {
    int begun = wf.graph.hedgeNanos(node) == 0 ? -1 : schedule.racersBegun(node);
    if (begun < 0) {
      return List.of();
    }
    int[] racers = wf.graph.tasksOf(node);
    List<String> names = new ArrayList<>(racers.length - begun);
    for (int i = begun; i < racers.length; i++) {
      names.add(wf.graph.taskName(racers[i]));
    }
    return names;
  }

  private String raceOf(int task) {
    int node = wf.graph.taskNode(task);
    return wf.graph.wins(node) == null ? null : wf.graph.nodeName(node);
  }

  /**
   * Ends a critical section that told the schedule something, with the lock held: drops the run's
   * deadline once the run is decided, and takes the executions made ready, to launch after the
   * lock; those the schedule gave up on meanwhile never reach a thread. Returns the first of them,
   * the others chained behind it in the order they were started ({@link Execution#nextReady}), or
   * null.
   */
  private Execution afterEvent() {
    if (deadline != null && schedule.isDecided()) {
      deadline.cancel(false);
      deadline = null;
    }
    Execution batch = null;
    for (Execution e = ready; e != null; ) { // the last started first: reversed into the batch
      Execution before = e.nextReady;
      if (schedule.isCancelled(e.id)) {
        schedule.drop(e.id);
        executions[e.id] = null;
        e.nextReady = null;
      } else {
        e.nextReady = batch;
        batch = e;
      }
      e = before;
    }
    ready = null;
    return batch;
  }

  // ---------------------------------------------------------------------------------------------
  // Launching and running executions

  /** Launches {@code first} and the executions chained behind it. */
  private void launchAll(Execution first) {
    for (Execution e = first; e != null; ) {
      Execution next = e.nextReady;
      e.nextReady = null;
      launch(e);
      e = next;
    }
  }

  private void launch(Execution e) {
    int id = e.id; // an executor that runs e before it returns may leave e's object to another execution
    try {
      if (executor == null) {
        wf.threadFactory[e.task].newThread(e).start();
      } else {
        executor.execute(e);
      }
    } catch (Throwable x) { // RejectedExecutionException, or a thread that could not start
      Execution batch;
      synchronized (this) {
        // An odd executor may have run the task before it threw, or handed it off: the schedule
        // counts a rejection only for an execution no thread has taken up, and never runs it after.
        if (schedule.rejected(id, x)) {
          executions[id] = null;
        }
        batch = afterEvent();
      }
      afterUnlock();
      launchAll(batch);
    }
  }

  /** The thread it was launched on takes up {@code e}: whether it runs it. */
  boolean begin(Execution e) {
    boolean begins;
    boolean work;
    synchronized (this) {
      begins = takeUp(e);
      work = outbox.hasWork();
    }
    if (work) {
      afterUnlock();
    }
    return begins;
  }

  /** With the lock held: the current thread takes up {@code e}; whether it runs it. */
  private boolean takeUp(Execution e) {
    long timeout = wf.taskTimeoutNanos[e.task];
    // Read before the schedule hears of it: a hedged racer's begin starts the next one's wait, whose
    // StepStarted then comes no earlier than the hedge delay after this one's.
    long startedAt = timeout > 0 || listener != null ? System.nanoTime() : 0;
    if (!schedule.begin(e.id)) {
      if (schedule.isEnded(e.id)) {
        executions[e.id] = null;
      }
      return false;
    }
    Thread me = Thread.currentThread();
    e.thread = me;
    if (timeout > 0 || listener != null) {
      e.startedAt = startedAt;
    }
    if (timeout > 0) {
      e.timer = timers.schedule(() -> timeoutPassed(e), timeout);
    }
    if (listener != null) {
      outbox.event(new RunEvent.StepStarted(runId, wf.name, wf.graph.taskName(e.task), raceOf(e.task),
          schedule.attempt(e.id), schedule.element(e.id), me.getName(), e.startedAt));
    }
    return true;
  }

  /** Calls {@code e}'s step. */
  Object call(Execution e) throws Throwable {
    return wf.taskBody[e.task].call(service, e);
  }

  /** {@code e}'s step returned a stage: it stays running, without a thread, until the stage completes. */
  void awaitStage(Execution e, CompletableFuture<?> stage) {
    boolean cancelNow;
    synchronized (this) {
      e.thread = null;
      e.stage = stage;
      cancelNow = schedule.isCancelled(e.id);
    }
    if (cancelNow) {
      Thread.interrupted(); // the interrupt was meant for the call that returned the stage
      stage.cancel(true);
    }
    stage.whenComplete(e::stageCompleted);
  }

  /**
   * An attempt ended: its call returned or threw ({@code onItsThread}), or its stage completed (on
   * whatever thread completed it). Returns the next execution to run on this thread, taken up
   * already, or null. A single execution its end made ready, when nothing else is to be done
   * first, is taken up in the same critical section: one lock a step of a chain, not two.
   */
  Execution ended(Execution e, Object value, Throwable error, boolean onItsThread) {
    int node = wf.graph.taskNode(e.task);
    Elements elements = error == null && wf.graph.feedsEach(node) && !wf.graph.runsPerElement(e.task)
        ? Elements.iterate(value, wf.graph.nodeName(node)) // the user's Iterable: iterated here, outside the lock
        : null;
    Execution batch;
    Execution next = null;
    boolean work;
    boolean endNow = false;
    Object flightEvent;
    int task = e.task;
    // Nothing but this thread can reach e once it has ended: no step kept its StepContext, no
    // timeout's timer, no observer, no Flight Recorder event to commit after the lock.
    boolean reusable = onItsThread && !e.contextTaken && e.flightEvent == null && wf.taskTimeoutNanos[task] == 0
        && (context == null || !context.observed());
    synchronized (this) {
      if (e.timer != null) {
        e.timer.cancel(false);
        e.timer = null;
      }
      e.thread = null;
      e.stage = null;
      boolean callerGaveUp = onItsThread && Thread.currentThread() == waiter && !schedule.isCancelled(e.id)
          && (error instanceof InterruptedException || Thread.currentThread().isInterrupted());
      if (callerGaveUp) {
        // An executor ran this step on the caller's own thread (CallerRunsPolicy on a full pool,
        // Runnable::run), and the caller was interrupted: the caller giving up, not the step
        // failing. The flag stays for await(), which then throws InterruptedException.
        Thread.currentThread().interrupt();
        schedule.cancel();
      } else if (onItsThread && (schedule.isCancelled(e.id) || Thread.currentThread() != waiter)) {
        // The run's interrupt was meant for this attempt only; and a flag the step left set is its
        // own, which must not reach the next step this thread takes up, as a pool clears it between
        // tasks. Only the caller's own thread (an executor that runs a step on it) keeps its flag:
        // it may be the caller giving up.
        Thread.interrupted();
      }
      if (context != null) {
        context.deciding = e; // its end may decide a race
      }
      flightEvent = e.flightEvent;
      if (reusable) {
        spare = e;
      }
      if (error == null) {
        schedule.succeeded(e.id, value, elements);
      } else {
        schedule.failed(e.id, error);
      }
      // From here on e may be the object of an execution its end started: not used below.
      spare = null;
      if (context != null) {
        context.deciding = null;
      }
      batch = afterEvent();
      work = outbox.hasWork();
      if (work && outbox.claimEnd()) { // the run is finished, nothing left to do: this thread ends it
        work = false;
        endNow = true;
      }
      if (onItsThread && batch != null && batch.nextReady == null && !work) {
        // Alone, with nothing to launch or do outside the lock before it: taken up right here.
        next = batch;
        batch = null;
        rename(next);
        if (!takeUp(next)) {
          next = null;
        }
      }
    }
    if (flightEvent != null) {
      Flight.commit(flightEvent, wf.name, wf.graph.taskName(task));
    }
    if (endNow) {
      end();
    } else if (work) {
      afterUnlock(); // before launching: a run with executions still to launch cannot finish here
    }
    if (!onItsThread || batch == null) { // never run a step on a thread that is not the executor's
      launchAll(batch);
      return next;
    }
    Execution others = batch.nextReady;
    batch.nextReady = null;
    launchAll(others);
    rename(batch); // the first: it runs on this thread
    return begin(batch) ? batch : null;
  }

  /**
   * Names the current thread, a virtual thread of the run's, after the step it takes up next: only
   * when the name changes (another element or attempt of the same step keeps it), as {@code
   * setName} takes the thread's lock.
   */
  private void rename(Execution next) {
    if (executor == null) {
      Thread me = Thread.currentThread();
      String name = wf.threadName[next.task];
      if (me.getName() != name) { // the factory's and this method's names are these very strings
        me.setName(name);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timers (each on a virtual thread of its own)

  private void pauseEnded(Execution e) {
    Execution batch;
    synchronized (this) {
      e.timer = null;
      schedule.pauseEnded(e.id);
      batch = afterEvent();
    }
    launchAll(batch); // the timer's thread only launches; it never runs a step itself
  }

  private void timeoutPassed(Execution e) {
    Execution batch;
    synchronized (this) {
      if (e.timer == null) {
        return; // it ended in time, or was cancelled, as this timer fired
      }
      e.timer = null;
      if (context != null) {
        context.deciding = e; // its timeout may decide a race
      }
      schedule.timedOut(e.id, new TimeoutException(
          "step '" + wf.graph.taskName(e.task) + "' of " + wf.name + " ran longer than its @Timeout of "
              + Timers.describe(wf.taskTimeoutNanos[e.task])));
      if (context != null) {
        context.deciding = null;
      }
      batch = afterEvent();
    }
    afterUnlock();
    launchAll(batch);
  }

  private void deadlinePassed() {
    synchronized (this) {
      schedule.deadlinePassed(new TimeoutException(
          wf.name + " did not finish within its @Timeout of " + Timers.describe(wf.runTimeoutNanos)));
      afterEvent();
    }
    afterUnlock();
  }
}
