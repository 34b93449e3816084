package dev.errands.runtime.schedule;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.StepOptions.RetryPolicy;
import dev.errands.runtime.Wins;
import dev.errands.runtime.WorkflowView;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The rules of one run, and nothing else: told what happened, it decides what to start, what to
 * cancel, and whether and how the run is decided. Single-threaded and deterministic: no threads,
 * no clock, no locks, no user code. An engine (the in-process one, under its lock; Temporal's, on
 * its workflow thread) owns the threads, timers and interrupts, tells the schedule what happened,
 * and does what the schedule asks of its {@link Actions}, which the schedule calls synchronously
 * from inside the event that caused them, in the order it decides them.
 *
 * <p><b>Vocabulary.</b> A <em>node</em> is a step or a race; a <em>task</em> is a step or a racer
 * (see {@link Graph}). An <em>execution</em> {@code x} (an int, numbered from 0 in the order the
 * schedule creates them) is one attempt of a task, or of one element of a task run per element: a
 * retry is a new execution. An execution is
 *
 * <ul>
 *   <li><em>queued</em>: {@link Actions#start} asked the engine to run it; the engine calls {@link
 *       #begin} when a thread takes it up (or {@link #rejected} when it cannot hand it over);
 *   <li><em>paused</em>: {@link Actions#pause} asked the engine to wait before it; the engine calls
 *       {@link #pauseEnded}, after which it is queued;
 *   <li><em>running</em>: begun; it ends with {@link #succeeded} or {@link #failed};
 *   <li><em>ended</em>.
 * </ul>
 *
 * An execution the schedule <em>gave up on</em> (a race lost, the run failed or was cancelled, a
 * sibling element failed, its last attempt timed out) is {@linkplain Actions#cancel cancelled}:
 * whatever it does afterwards is ignored, and it never starts if it had not begun. An attempt that
 * {@linkplain #timedOut timed out} is cancelled too, and has failed with the timeout whatever it
 * does afterwards; when its failure is retried, the next attempt starts once it has ended.
 *
 * <p><b>Hedged races.</b> The racers of a race with a {@linkplain Graph#hedgeNanos hedge delay}
 * start one at a time, in source order: the first when the race's {@code after} is done; each next
 * one is <em>due</em>, its first attempt {@linkplain Actions#pause paused} for the delay from when
 * the one before it {@linkplain #begin began} (so an engine's retry pauses serve, holding no thread;
 * {@link #pauseEnded} starts it). A racer begins when a thread takes it up (on Temporal, when its
 * activity is scheduled), not when it is queued: on a busy executor its wait in the queue does not
 * count as the next racer's. One an executor {@linkplain #rejected rejected} failed at once: the
 * next one's turn counts from then. So the racers begin in source order, and at most one of them
 * is queued at a time. Under {@code FIRST_TO_SUCCEED}, once every racer started so far has failed,
 * the due one's pause is dropped ({@linkplain Actions#cancel cancelled}: it ends without having
 * begun) and it starts at once as a new execution; the next wait counts from when it begins. A due
 * racer whose race is decided, or whose run is, is given up like a retry's pause: it never starts,
 * and has no {@link Actions#ended}; so is a queued one (it never begins). A racer's own retries and
 * timeouts are its own: the next racer is due the delay after the racer's first attempt began.
 *
 * <p><b>Invariants.</b> A node's tasks start once, when every node of its {@code after} has
 * succeeded (or settled, when tolerated). A decided run starts nothing. At most {@code limit}
 * elements of a task have an execution that has not ended. The run's failure is a failure an
 * execution, a rejection, a fan-out source or a deadline reported. The run is {@linkplain
 * #isFinished finished} once it is decided and every execution has ended.
 *
 * <p>Not part of the API users write code against: engines use it.
 */
public final class Schedule {

  /**
   * What the schedule asks of its engine. Called from inside the schedule's methods, in the order
   * the schedule decides; an implementation must not call back into the schedule.
   */
  public interface Actions {
    /** Run execution {@code x}: {@link #task}, {@link #element} and {@link #attempt} say what it is. */
    void start(int x);

    /** Wait {@code nanos} (the pause before a retry), then call {@link #pauseEnded}{@code (x)}. */
    void pause(int x, long nanos);

    /**
     * Stop execution {@code x}: interrupt it, cancel what it waits for, drop its pause, run its
     * onCancel callbacks. A queued one must not run: the engine calls {@link #begin} (which answers
     * false) or {@link #drop}.
     */
    void cancel(int x);

    /**
     * Execution {@code x}, which had begun, ended: as a listener sees it, before what its end
     * decides (a race, the run).
     *
     * @param failure what it failed with, for {@code FAILED}; otherwise null
     */
    void ended(int x, RunEvent.Outcome outcome, Throwable failure);

    /**
     * Race {@code node} was decided by racer {@code winner} (a task; -1 when every racer of a
     * {@code FIRST_TO_SUCCEED} race failed), before its losers are cancelled.
     */
    void raceDecided(int node, int winner, boolean succeeded);
  }

  // An execution's state.
  private static final byte QUEUED = 0, PAUSED = 1, RUNNING = 2, ENDED = 3;
  // An execution's marks.
  private static final byte GIVEN_UP = 1, TIMED_OUT = 2;
  // A task's state. DUE: a racer of a hedged race waiting for its turn, its first attempt paused.
  private static final byte WAITING = 0, STARTED = 1, SETTLED = 2, ABANDONED = 3, DUE = 4;

  private final Graph g;
  private final Actions actions;
  private final Elements[] inputElements; // per input that a task runs once per element of

  // Nodes.
  private final Object[] results; // an Outcome for a tolerated node
  private final int[] waitingFor; // how many of its `after` are not done yet
  private final int[] doneAt; // 0 until it succeeded (or settled); then 1 + how many were done before it
  private int done;
  private Elements[] nodeElements; // per node that feeds a fan-out: its result's elements
  private Race[] races; // per race that has begun to be decided
  private final int[] readyNodes; // a FIFO of nodes to start
  private int readyHead;
  private int readyTail;

  // Tasks.
  private final byte[] taskState;
  private final int[] current; // per task not run per element: its latest execution, or -1
  private Each[] each; // per task run per element, once started

  // Executions.
  private int executions;
  private int[] xTask;
  private int[] xElement; // the 0-based index of its element, or -1; null when no task runs per element
  private byte[] xState;
  private byte[] xMarks; // GIVEN_UP, TIMED_OUT; null until the schedule first cancels an execution
  private int[] xPrevious; // with retries: the execution of the attempt before, or -1
  private Throwable[] xFailure; // with retries or timeouts: what the attempt failed with
  private int live; // executions not ended

  // The run.
  private RunEvent.Outcome outcome; // null until decided
  private String failedStep;
  private Throwable failure;

  /**
   * @param inputElements per workflow input, its elements when some task runs once per element of
   *     it (null otherwise)
   */
  public Schedule(Graph graph, Actions actions, Elements[] inputElements) {
    this.g = graph;
    this.actions = actions;
    this.inputElements = inputElements;
    int nodes = graph.nodes();
    int tasks = graph.tasks();
    results = new Object[nodes];
    waitingFor = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      waitingFor[n] = graph.after[n].length;
    }
    doneAt = new int[nodes];
    readyNodes = new int[nodes];
    taskState = new byte[tasks];
    current = new int[tasks];
    Arrays.fill(current, -1);
    int capacity = Math.max(tasks, 1); // a run without retries or fan-out never grows
    xTask = new int[capacity];
    xElement = graph.runsPerElement() ? new int[capacity] : null;
    xState = new byte[capacity];
  }

  public Graph graph() {
    return g;
  }

  // ---------------------------------------------------------------------------------------------
  // Events: what happened

  /** The run starts: the nodes that wait for nothing start. */
  public void start() {
    if (g.nodes() == 0) {
      outcome = RunEvent.Outcome.SUCCEEDED;
      return;
    }
    for (int n = 0; n < waitingFor.length; n++) {
      if (waitingFor[n] == 0) {
        ready(n);
      }
    }
    startReady();
  }

  /**
   * A thread takes up queued execution {@code x}. Answers whether to run it: false when the
   * schedule gave up on it while it was queued (it has ended: it never runs), or when it already
   * ended (its launch was {@linkplain #rejected rejected}, and an odd executor ran it all the same).
   */
  public boolean begin(int x) {
    if (xState[x] != QUEUED) {
      return false;
    }
    if (givenUp(x)) {
      end(x);
      return false;
    }
    xState[x] = RUNNING;
    if (races != null) {
      Race race = hedgedRacerBegan(x);
      if (race != null) {
        nextTurn(g.taskNode[xTask[x]], race);
      }
    }
    return true;
  }

  /** The engine drops queued execution {@code x}, which the schedule gave up on, without running it. */
  public void drop(int x) {
    if (xState[x] == QUEUED && givenUp(x)) {
      end(x);
    }
  }

  /**
   * Running execution {@code x} returned {@code value}.
   *
   * @param elements for a task not run per element whose node {@linkplain Graph#feedsEach feeds a
   *     fan-out}: the elements of {@code value}; otherwise null
   */
  public void succeeded(int x, Object value, Elements elements) {
    if (xState[x] != RUNNING) {
      return;
    }
    end(x);
    if (marks(x) == 0) {
      actions.ended(x, RunEvent.Outcome.SUCCEEDED, null);
      completed(x, value, elements);
    } else {
      attemptFailed(x, null, null); // cancelled: what it returned counts for nothing
    }
    startReady();
  }

  /** Running execution {@code x} threw {@code error} (or its stage completed with it). */
  public void failed(int x, Throwable error) {
    failedWith(x, error, null);
  }

  /**
   * Running execution {@code x} threw {@code error}, and the engine knows whether its task's
   * {@code @Retry} admits it: for an engine whose {@code error} only stands for what the step threw
   * (Temporal's, where the original class is a name and the worker applied {@code on} to the real
   * exception). Everything else about retries (attempts left, the run still undecided, never an
   * interruption or a cancellation) is decided here, as for {@link #failed(int, Throwable)}.
   *
   * @param retryable whether the task's retry policy admits the exception {@code error} stands for
   */
  public void failed(int x, Throwable error, boolean retryable) {
    failedWith(x, error, retryable);
  }

  private void failedWith(int x, Throwable error, Boolean retryable) {
    if (xState[x] != RUNNING) {
      return;
    }
    end(x);
    attemptFailed(x, error, retryable);
    startReady();
  }

  /**
   * The engine could not hand queued execution {@code x} to a thread (its executor rejected it):
   * the task fails with {@code error}, without a retry. Ignored for an execution that has begun or
   * ended: an odd executor ran it before it threw. An executor that handed it off before it threw
   * may still run it: {@link #begin} then answers false.
   *
   * @return whether the rejection counted: {@code x} had not begun, and has ended now
   */
  public boolean rejected(int x, Throwable error) {
    if (xState[x] != QUEUED) {
      return false;
    }
    end(x);
    if (!givenUp(x)) {
      Race race = races == null ? null : hedgedRacerBegan(x); // failed at once: the next one's turn counts from now
      suppressEarlierAttempts(x, error);
      failedForGood(x, error);
      if (race != null) {
        nextTurn(g.taskNode[xTask[x]], race);
      }
    }
    startReady();
    return true;
  }

  /**
   * Running execution {@code x} ran past its task's timeout: it is cancelled, and has failed with
   * {@code timeout}. When that failure is retried, the next attempt starts once it has ended;
   * otherwise the task fails now, without waiting for it to give in.
   */
  public void timedOut(int x, Throwable timeout) {
    if (xState[x] != RUNNING || marks(x) != 0) {
      return;
    }
    failure(x, timeout);
    if (retries(x, timeout, null)) {
      mark(x, TIMED_OUT);
      actions.cancel(x);
    } else {
      mark(x, TIMED_OUT | GIVEN_UP);
      actions.cancel(x);
      suppressEarlierAttempts(x, timeout);
      failedForGood(x, timeout);
    }
    startReady();
  }

  /**
   * The pause before paused execution {@code x} has passed: it starts, unless given up meanwhile.
   * For a racer of a hedged race waiting for its turn, its turn has come: it starts; the next
   * racer's wait begins when it {@linkplain #begin begins}.
   */
  public void pauseEnded(int x) {
    if (xState[x] != PAUSED) {
      return;
    }
    xState[x] = QUEUED;
    int t = xTask[x];
    if (taskState[t] == DUE) {
      taskState[t] = STARTED;
      int node = g.taskNode[t];
      Race race = race(node);
      race.started++;
      actions.start(x);
      return;
    }
    actions.start(x);
  }

  /** The caller cancelled the run: nothing starts any more, and every execution is cancelled. */
  public void cancel() {
    if (outcome == null) {
      outcome = RunEvent.Outcome.CANCELLED;
      abandonAll();
    }
  }

  /**
   * The run's deadline passed: it fails with {@code timeout}, naming the first task in source order
   * that was still running (a pause between two attempts counts), or else the first that had not
   * started (a racer waiting for its turn in a hedged race had not).
   */
  public void deadlinePassed(Throwable timeout) {
    if (outcome != null) {
      return;
    }
    int step = -1;
    for (int t = 0; t < taskState.length && step < 0; t++) {
      if (taskState[t] == STARTED && isRunning(t)) {
        step = t;
      }
    }
    for (int t = 0; t < taskState.length && step < 0; t++) {
      if (taskState[t] == WAITING || taskState[t] == STARTED || taskState[t] == DUE) {
        step = t;
      }
    }
    fail(step >= 0 ? g.taskName[step] : g.nodeName[0], timeout);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Whether the run is decided: every node done, a failure, or the caller cancelled. */
  public boolean isDecided() {
    return outcome != null;
  }

  /** Whether the run is decided and every execution has ended: the run can end. */
  public boolean isFinished() {
    return outcome != null && live == 0;
  }

  /** How the run was decided, or null while it is not. */
  public RunEvent.Outcome outcome() {
    return outcome;
  }

  /** The failure of a failed run, with what is suppressed on it; otherwise null. */
  public Throwable failure() {
    return failure;
  }

  /** The step a failed run names (a racer; a race whose racers all failed; see {@link #deadlinePassed}). */
  public String failedStep() {
    return failedStep;
  }

  /** Node {@code node}'s value, once it has succeeded; for a tolerated node, its {@link Outcome}. */
  public Object result(int node) {
    return results[node];
  }

  /** Whether node {@code node} has succeeded, or settled when tolerated. */
  public boolean isDone(int node) {
    return doneAt[node] != 0;
  }

  /** How many executions have not ended. */
  public int live() {
    return live;
  }

  /** The task execution {@code x} is an attempt of. */
  public int task(int x) {
    return xTask[x];
  }

  /** The 0-based index of execution {@code x}'s element, or -1 for a task not run per element. */
  public int element(int x) {
    return xElement == null ? -1 : xElement[x];
  }

  /** Execution {@code x}'s element, or null for a task not run per element. */
  public Object elementValue(int x) {
    return element(x) < 0 ? null : each[xTask[x]].elements.get(xElement[x]);
  }

  /** Which attempt execution {@code x} is: 1 for the first. */
  public int attempt(int x) {
    int attempt = 1;
    for (int p = previous(x); p >= 0; p = previous(p)) {
      attempt++;
    }
    return attempt;
  }

  /** Whether the schedule cancelled execution {@code x}: gave up on it, or it timed out. */
  public boolean isCancelled(int x) {
    return marks(x) != 0;
  }

  /**
   * For hedged race {@code node}: how many of its racers, in source order, have begun (a thread took
   * up their first attempt, or an executor rejected it); -1 when the race has not started. Once the
   * race is decided (as {@link Actions#raceDecided} is called, before its losers are cancelled), or
   * the run is, the racers after these never begin: those waiting for their turn, and the one whose
   * turn came but that no thread has taken up yet.
   */
  public int racersBegun(int node) {
    Race race = races == null ? null : races[node];
    return race == null ? -1 : race.begun;
  }

  /** Whether race {@code node} was decided. */
  public boolean isRaceDecided(int node) {
    Race race = races == null ? null : races[node];
    return race != null && race.decided;
  }

  /** Whether execution {@code x} has ended (or, given up before it began, never will begin). */
  public boolean isEnded(int x) {
    return xState[x] == ENDED;
  }

  /**
   * The chain of nodes that set a successful run's wall time, first to last: the node done last,
   * the node of its {@code after} done last, and so on back to a node that waited for nothing.
   */
  public int[] criticalPath() {
    int last = -1;
    for (int n = 0; n < doneAt.length; n++) {
      if (doneAt[n] != 0 && (last < 0 || doneAt[n] > doneAt[last])) {
        last = n;
      }
    }
    int[] path = new int[doneAt.length];
    int length = 0;
    for (int n = last; n >= 0; ) {
      path[length++] = n;
      int by = -1;
      for (int dep : g.after[n]) {
        if (by < 0 || doneAt[dep] > doneAt[by]) {
          by = dep;
        }
      }
      n = by;
    }
    int[] firstToLast = new int[length];
    for (int i = 0; i < length; i++) {
      firstToLast[i] = path[length - 1 - i];
    }
    return firstToLast;
  }

  // ---------------------------------------------------------------------------------------------
  // Starting

  private void ready(int node) {
    readyNodes[readyTail++] = node;
  }

  /**
   * Starts the nodes made ready, in the order they became ready: those that wait for nothing in
   * source order, then those whose last dependency ended. A node that settles as it starts (a
   * fan-out over nothing) makes its dependents ready behind the others, never twice.
   */
  private void startReady() {
    while (readyHead < readyTail && outcome == null) {
      startNode(readyNodes[readyHead++]);
    }
  }

  private void startNode(int node) {
    if (g.hedgeNanos[node] > 0) {
      startRacer(node, race(node));
      return;
    }
    for (int t : g.tasks[node]) {
      if (taskState[t] != WAITING) {
        continue;
      }
      taskState[t] = STARTED;
      if (!g.runsPerElement(t)) {
        int x = newExecution(t, -1, -1);
        current[t] = x;
        actions.start(x);
      } else {
        startEach(t);
      }
    }
  }

  /**
   * Starts the next racer of hedged race {@code node} now (its wait, if it was waiting for its turn,
   * is dropped: it starts at once); the wait of the one after it begins when it begins.
   */
  private void startRacer(int node, Race race) {
    int t = g.tasks[node][race.started++];
    if (taskState[t] == DUE) {
      abandonExecution(current[t]); // its wait: it ends without a thread, and a new attempt 1 starts now
    }
    taskState[t] = STARTED;
    int x = newExecution(t, -1, -1);
    current[t] = x;
    actions.start(x);
  }

  /**
   * Execution {@code x}, not given up, begins, or was rejected: when it is the first attempt of a
   * racer of a hedged race, counts it as begun and returns its race; otherwise returns null. The
   * racers begin in source order: it is the one after those counted so far.
   */
  private Race hedgedRacerBegan(int x) {
    int node = g.taskNode[xTask[x]];
    if (g.hedgeNanos[node] == 0 || previous(x) >= 0) {
      return null;
    }
    Race race = races[node];
    race.begun++;
    return race;
  }

  /**
   * A racer of hedged race {@code node} began: unless the race or the run is decided, or a racer
   * after it has started already (every racer before it failed), the next one waits for its turn.
   */
  private void nextTurn(int node, Race race) {
    if (race.begun == race.started && !race.decided && outcome == null) {
      hedgeNext(node, race);
    }
  }

  /**
   * The next racer of hedged race {@code node}, if any, waits for its turn: {@code hedgeNanos} from
   * now, the time the racer before it began. Its wait is a pause before its first attempt.
   */
  private void hedgeNext(int node, Race race) {
    if (race.started == g.tasks[node].length) {
      return;
    }
    int t = g.tasks[node][race.started];
    taskState[t] = DUE;
    int x = newExecution(t, -1, -1);
    current[t] = x;
    xState[x] = PAUSED;
    actions.pause(x, g.hedgeNanos[node]);
  }

  private void startEach(int t) {
    Elements source = g.eachNode[t] >= 0 ? elementsOf(g.eachNode[t]) : inputElements[g.eachInput[t]];
    if (source.failure() != null) {
      taskState[t] = SETTLED;
      record(t, null, source.failure(), null);
      return;
    }
    List<?> elements = source.values();
    if (elements.isEmpty()) {
      taskState[t] = SETTLED;
      record(t, List.of(), null, null);
      return;
    }
    if (each == null) {
      each = new Each[taskState.length];
    }
    Each run = each[t] = new Each(elements);
    int limit = g.limit[t] == 0 ? elements.size() : Math.min(g.limit[t], elements.size());
    for (int i = 0; i < limit; i++) {
      startElement(t, run);
    }
  }

  /** The elements of node {@code node}'s result: as the engine copied them, or the fan-out's own list. */
  private Elements elementsOf(int node) {
    if (nodeElements != null && nodeElements[node] != null) {
      return nodeElements[node];
    }
    return Elements.of(results[node] instanceof List<?> list ? list : List.of());
  }

  private void startElement(int t, Each run) {
    int index = run.next++;
    int x = newExecution(t, index, -1);
    run.executions[index] = x;
    actions.start(x);
  }

  private int newExecution(int task, int element, int previous) {
    int x = executions++;
    if (x == xTask.length) {
      int capacity = x * 2;
      xTask = Arrays.copyOf(xTask, capacity);
      if (xElement != null) {
        xElement = Arrays.copyOf(xElement, capacity);
      }
      xState = Arrays.copyOf(xState, capacity);
      if (xMarks != null) {
        xMarks = Arrays.copyOf(xMarks, capacity);
      }
      if (xPrevious != null) {
        xPrevious = grow(xPrevious, capacity);
        xFailure = Arrays.copyOf(xFailure, capacity);
      }
    }
    xTask[x] = task;
    if (xElement != null) {
      xElement[x] = element;
    }
    if (previous >= 0 || xPrevious != null) {
      if (xPrevious == null) {
        xPrevious = grow(new int[0], xTask.length);
        xFailure = new Throwable[xTask.length];
      }
      xPrevious[x] = previous;
    }
    live++;
    return x;
  }

  private static int[] grow(int[] values, int capacity) {
    int[] grown = Arrays.copyOf(values, capacity);
    Arrays.fill(grown, values.length, capacity, -1);
    return grown;
  }

  private int previous(int x) {
    return xPrevious == null ? -1 : xPrevious[x];
  }

  private int marks(int x) {
    return xMarks == null ? 0 : xMarks[x];
  }

  private boolean givenUp(int x) {
    return (marks(x) & GIVEN_UP) != 0;
  }

  private void mark(int x, int marks) {
    if (xMarks == null) {
      xMarks = new byte[xTask.length];
    }
    xMarks[x] |= (byte) marks;
  }

  private void failure(int x, Throwable failure) {
    if (xPrevious == null) {
      xPrevious = grow(new int[0], xTask.length);
      xFailure = new Throwable[xTask.length];
    }
    xFailure[x] = failure;
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  private void end(int x) {
    xState[x] = ENDED;
    live--;
  }

  /**
   * Execution {@code x} ended with {@code error}, or was cancelled before it ended (then {@code
   * error} may be null: what it returned or threw counts for nothing). A given-up attempt's end
   * decides nothing; a timed-out one failed with its timeout; a failure is retried, or fails the
   * task for good. {@code retryable} is the engine's verdict on {@code error}, or null to ask the
   * task's retry policy.
   */
  private void attemptFailed(int x, Throwable error, Boolean retryable) {
    boolean timedOut = (marks(x) & TIMED_OUT) != 0;
    if (givenUp(x)) {
      actions.ended(x, timedOut ? RunEvent.Outcome.FAILED : RunEvent.Outcome.CANCELLED,
          timedOut ? xFailure[x] : null);
      return;
    }
    Throwable failed = timedOut ? xFailure[x] : error;
    if (retries(x, failed, timedOut ? null : retryable)) {
      actions.ended(x, RunEvent.Outcome.FAILED, failed);
      retry(x, failed);
      return;
    }
    suppressEarlierAttempts(x, failed);
    actions.ended(x, RunEvent.Outcome.FAILED, failed);
    failedForGood(x, failed);
  }

  /**
   * Whether failed attempt {@code x} is tried again; {@code retryable}, when not null, is the
   * engine's verdict on whether the policy admits {@code failed}.
   */
  private boolean retries(int x, Throwable failed, Boolean retryable) {
    RetryPolicy policy = g.retry[xTask[x]];
    return policy != null
        && outcome == null
        && taskState[xTask[x]] == STARTED
        && !(failed instanceof InterruptedException)
        && !(failed instanceof CancellationException)
        && attempt(x) < policy.attempts()
        && (retryable != null ? retryable : policy.retries(failed));
  }

  private void retry(int x, Throwable failed) {
    failure(x, failed);
    int t = xTask[x];
    int element = element(x);
    int next = newExecution(t, element, x);
    if (element < 0) {
      current[t] = next;
    } else {
      each[t].executions[element] = next;
    }
    long delay = g.retry[t].delayBefore(attempt(next));
    if (delay == 0) {
      actions.start(next);
    } else {
      xState[next] = PAUSED;
      actions.pause(next, delay);
    }
  }

  /** The earlier attempts' failures, oldest first, suppressed on {@code failed}. */
  private void suppressEarlierAttempts(int x, Throwable failed) {
    int earlier = attempt(x) - 1;
    if (earlier == 0) {
      return;
    }
    Throwable[] failures = new Throwable[earlier];
    int i = earlier;
    for (int p = previous(x); p >= 0; p = previous(p)) {
      failures[--i] = xFailure[p];
    }
    for (Throwable f : failures) {
      if (f != failed) {
        failed.addSuppressed(f);
      }
    }
  }

  /** Execution {@code x}, not given up, returned {@code value}: its task, or its element, succeeded. */
  private void completed(int x, Object value, Elements elements) {
    int t = xTask[x];
    if (taskState[t] != STARTED) {
      return;
    }
    int element = element(x);
    if (element < 0) {
      taskState[t] = SETTLED;
      record(t, value, null, elements);
      return;
    }
    Each run = each[t];
    run.values[element] = value;
    run.done++;
    if (run.next < run.elements.size()) {
      startElement(t, run);
    } else if (run.done == run.elements.size()) {
      taskState[t] = SETTLED;
      List<Object> values = Collections.unmodifiableList(Arrays.asList(run.values));
      record(t, values, null, null);
    }
  }

  /**
   * Execution {@code x} failed for good with {@code error}: its task fails, and for an element the
   * other elements are cancelled (fail fast), the element's index suppressed on the failure.
   */
  private void failedForGood(int x, Throwable error) {
    int t = xTask[x];
    if (taskState[t] != STARTED) {
      return;
    }
    taskState[t] = SETTLED;
    if (element(x) >= 0) {
      error.addSuppressed(WorkflowView.failedElement(g.taskName[t], element(x)));
      abandonExecutions(t);
    }
    record(t, null, error, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Deciding

  /** Task {@code t} settled, with {@code value} or {@code error}: what follows for its node. */
  private void record(int t, Object value, Throwable error, Elements elements) {
    int node = g.taskNode[t];
    Wins wins = g.wins[node];
    if (wins == null) {
      if (error == null) {
        succeed(node, g.tolerated[node] ? Outcome.success(value) : value, elements);
      } else {
        failNode(node, g.taskName[t], error);
      }
      return;
    }
    Race race = race(node);
    if (race.decided) {
      return;
    }
    if (error == null) {
      decideRace(node, race, t, true);
      succeed(node, g.tolerated[node] ? Outcome.success(value) : value, elements);
    } else if (wins == Wins.FIRST_TO_SETTLE) {
      decideRace(node, race, t, false);
      failNode(node, g.taskName[t], error);
    } else {
      race.failures[race.failed++] = error;
      if (g.hedgeNanos[node] > 0 && race.failed == race.started && race.started < race.failures.length && outcome == null) {
        startRacer(node, race); // every racer started so far has failed: the next starts at once
      } else if (race.failed == race.failures.length) {
        decideRace(node, race, -1, false);
        Throwable first = race.failures[0];
        for (int i = 1; i < race.failed; i++) {
          if (race.failures[i] != first) {
            first.addSuppressed(race.failures[i]);
          }
        }
        failNode(node, g.nodeName[node], first);
      }
    }
  }

  private Race race(int node) {
    if (races == null) {
      races = new Race[results.length];
    }
    if (races[node] == null) {
      races[node] = new Race(g.tasks[node].length);
    }
    return races[node];
  }

  private void decideRace(int node, Race race, int winner, boolean succeeded) {
    race.decided = true;
    actions.raceDecided(node, winner, succeeded);
    for (int racer : g.tasks[node]) {
      if (racer != winner) {
        abandon(racer);
      }
    }
  }

  /** Node {@code node} failed with {@code cause}, naming {@code step}: the run fails, unless tolerated. */
  private void failNode(int node, String step, Throwable cause) {
    if (g.tolerated[node]) {
      succeed(node, Outcome.failure(cause), null);
    } else {
      fail(step, cause);
    }
  }

  /** Node {@code node} succeeded (or, tolerated, settled) with {@code value}: its dependents may start. */
  private void succeed(int node, Object value, Elements elements) {
    results[node] = value;
    if (elements != null) {
      if (nodeElements == null) {
        nodeElements = new Elements[results.length];
      }
      nodeElements[node] = elements;
    }
    if (outcome != null) {
      return;
    }
    doneAt[node] = ++done;
    if (done == results.length) {
      outcome = RunEvent.Outcome.SUCCEEDED;
      return;
    }
    for (int dependent : g.dependents[node]) {
      if (--waitingFor[dependent] == 0) {
        ready(dependent);
      }
    }
  }

  private void fail(String step, Throwable cause) {
    if (outcome != null) {
      if (failure != null && failure != cause) {
        failure.addSuppressed(cause); // a genuine failure seen while winding down
      }
      return;
    }
    outcome = RunEvent.Outcome.FAILED;
    failedStep = step;
    failure = cause;
    abandonAll();
  }

  // ---------------------------------------------------------------------------------------------
  // Giving up

  private void abandonAll() {
    for (int t = 0; t < taskState.length; t++) {
      abandon(t);
    }
  }

  /** Gives up on task {@code t}: it never starts, or its executions are cancelled. */
  private void abandon(int t) {
    if (taskState[t] == SETTLED || taskState[t] == ABANDONED) {
      return;
    }
    boolean started = taskState[t] == STARTED || taskState[t] == DUE;
    taskState[t] = ABANDONED;
    if (started) {
      abandonExecutions(t);
    }
  }

  private void abandonExecutions(int t) {
    if (current[t] >= 0) {
      abandonExecution(current[t]);
    }
    Each run = each == null ? null : each[t];
    if (run != null) {
      for (int i = 0; i < run.next; i++) {
        abandonExecution(run.executions[i]);
      }
    }
  }

  private void abandonExecution(int x) {
    if (xState[x] == ENDED || givenUp(x)) {
      return;
    }
    mark(x, GIVEN_UP);
    if (xState[x] == PAUSED) {
      end(x); // no thread: it ends here
    }
    actions.cancel(x);
  }

  /** Whether task {@code t} has an execution that is running, or pausing between two attempts. */
  private boolean isRunning(int t) {
    if (current[t] >= 0) {
      return isRunningOrPaused(current[t]);
    }
    Each run = each == null ? null : each[t];
    if (run != null) {
      for (int i = 0; i < run.next; i++) {
        if (isRunningOrPaused(run.executions[i])) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isRunningOrPaused(int x) {
    return xState[x] == RUNNING || xState[x] == PAUSED;
  }

  @Override
  public String toString() {
    return "Schedule[" + g.workflow + ", " + (outcome == null ? "undecided" : outcome) + ", " + done + "/"
        + results.length + " nodes done, " + live + " executions live]";
  }

  /** A task run once per element, and how far it got. */
  private static final class Each {
    final List<?> elements;
    final Object[] values;
    final int[] executions; // per element started: its latest attempt
    int next; // the next element to start
    int done; // elements that succeeded

    Each(List<?> elements) {
      this.elements = elements;
      this.values = new Object[elements.size()];
      this.executions = new int[elements.size()];
    }
  }

  /** A race being decided. */
  private static final class Race {
    final Throwable[] failures; // FIRST_TO_SUCCEED: in the order the racers failed
    int failed;
    int started; // a hedged race: how many racers have started, in source order
    int begun; // a hedged race: how many of them have begun (or were rejected), in source order
    boolean decided;

    Race(int racers) {
      this.failures = new Throwable[racers];
    }
  }
}
