package dev.errands.runtime.schedule;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.StepOptions.RetryPolicy;
import dev.errands.runtime.Wins;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One seeded simulation: a random workflow, run by a {@link Schedule} under a random order of
 * events, as any engine could deliver them — executions begin, return, throw, time out, are
 * rejected by an executor (before they run, after they ran, after they were handed off), retry
 * pauses end, the caller cancels, the run's deadline passes. After every event it checks the
 * invariants; a broken one throws an {@link AssertionError} that the trace explains.
 *
 * An asynchronous step is, to the schedule, a running execution like any other, whose end the
 * engine reports whenever its stage completes: the random order of ends covers it.
 *
 * <p>Time is simulated: each event moves a clock on a little, and a pause ends no earlier than it
 * was due (the clock jumps to it). Hedged races are checked against it: a racer starts only after
 * the racer before it, never before its due time (the hedge delay after the racer before it began,
 * or was rejected) unless, under {@code FIRST_TO_SUCCEED}, every racer before it has failed for
 * good; never once its race or the run is decided; the next racer waits its turn with a pause of
 * exactly the delay from when the one before it began, and not while that one is only queued; and
 * a {@code FIRST_TO_SUCCEED} race never waits when every racer started has failed.
 *
 * <p>The same seed gives the same workflow, the same events and the same {@link #trace()}.
 */
final class Simulation implements Schedule.Actions {
  // What the simulated engine knows of an execution.
  private static final byte QUEUED = 0, PAUSED = 1, RUNNING = 2, ENDED = 3;

  private final long seed;
  private final Random random;
  private final StringBuilder trace = new StringBuilder();
  final Graph graph;
  private final Elements[] inputs;
  private final boolean[] hasTimeout; // per task: its attempts may time out
  private final boolean runTimeout;
  private final boolean oddExecutor; // may throw after running a task, or after handing it off
  private final Schedule schedule;

  // The engine's view of the executions, by id.
  private byte[] state = new byte[16];
  private boolean[] began = new boolean[16];
  private long[] due = new long[16]; // for a paused execution: when its pause ends
  private boolean[] cancelled = new boolean[16];
  private boolean[] rejectedButHandedOff = new boolean[16];
  private int executions;
  private int live;
  private int[] possible = new int[16]; // the events that can happen next: what << 24 | execution
  private int possibleCount;
  // Every failure the run was told of, and those that came from executions it had cancelled.
  private final Set<Throwable> genuine = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Throwable> afterCancel = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Long> attempts = new HashSet<>(); // task, element and attempt of every execution
  private final boolean[] raceDecided;
  // Hedged races, per task: when its first attempt started (queued; -1: not yet), when it began (or
  // was rejected; -1: not yet), whether it has failed for good, and the pause it waits its turn with
  // (-1: none).
  private long now;
  private final long[] racerStarted;
  private final long[] racerBegan;
  private final boolean[] failedForGood;
  private final int[] turn;
  private boolean cancelledByCaller;
  private boolean deadlinePassed;
  private int events;

  Simulation(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    int inputCount = 1 + random.nextInt(2);
    inputs = new Elements[inputCount];
    for (int i = 0; i < inputCount; i++) {
      inputs[i] = random.nextInt(12) == 0
          ? Elements.failed(new Stackless.NullPointer("input " + i + " is null"))
          : Elements.of(list(random.nextInt(5)));
      if (inputs[i].failure() != null) {
        genuine.add(inputs[i].failure());
      }
    }
    graph = randomGraph(inputCount);
    hasTimeout = new boolean[graph.tasks()];
    for (int t = 0; t < hasTimeout.length; t++) {
      hasTimeout[t] = random.nextInt(5) == 0;
    }
    runTimeout = random.nextInt(8) == 0;
    oddExecutor = random.nextInt(3) == 0;
    raceDecided = new boolean[graph.nodes()];
    racerStarted = new long[graph.tasks()];
    Arrays.fill(racerStarted, -1);
    racerBegan = new long[graph.tasks()];
    Arrays.fill(racerBegan, -1);
    failedForGood = new boolean[graph.tasks()];
    turn = new int[graph.tasks()];
    Arrays.fill(turn, -1);
    schedule = new Schedule(graph, this, inputs);
  }

  /** Exceptions without a stack trace: tens of thousands of runs throw them, and none is printed. */
  private static final class Stackless {
    static final class NullPointer extends NullPointerException {
      NullPointer(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    static final class Rejected extends RejectedExecutionException {
      Rejected(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    static final class Interrupted extends InterruptedException {
      Interrupted(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    static final class IllegalState extends IllegalStateException {
      IllegalState(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    static final class IO extends IOException {
      IO(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    static final class Timeout extends TimeoutException {
      Timeout(String message) {
        super(message);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }
  }

  private List<Object> list(int size) {
    var values = new ArrayList<Object>();
    for (int i = 0; i < size; i++) {
      values.add("e" + i);
    }
    return values;
  }

  private Graph randomGraph(int inputCount) {
    int nodes = 1 + random.nextInt(random.nextBoolean() ? 6 : 30);
    int[] order = new int[nodes]; // a random topological order, so `after` may name later nodes
    for (int i = 0; i < nodes; i++) {
      int j = random.nextInt(i + 1);
      order[i] = order[j];
      order[j] = i;
    }
    var g = Graph.builder("sim.W" + seed, inputCount);
    int[][] afters = new int[nodes][];
    for (int i = 0; i < nodes; i++) {
      int wanted = Math.min(i, random.nextInt(4)); // up to three nodes placed before it
      int[] after = new int[wanted];
      for (int k = 0; k < wanted; k++) {
        int candidate;
        do {
          candidate = order[random.nextInt(i)];
        } while (contains(after, k, candidate));
        after[k] = candidate;
      }
      afters[order[i]] = after;
    }
    List<int[]> racers = new ArrayList<>(); // {race, how many}
    for (int n = 0; n < nodes; n++) {
      boolean tolerated = random.nextInt(5) == 0;
      if (random.nextInt(5) == 0) {
        long hedge = random.nextBoolean() ? 0 : 500L * (1 + random.nextInt(4));
        g.race("r" + n, afters[n], random.nextBoolean() ? Wins.FIRST_TO_SETTLE : Wins.FIRST_TO_SUCCEED, tolerated, hedge);
        racers.add(new int[] {n, 1 + random.nextInt(3)});
      } else {
        int eachNode = -1;
        int eachInput = -1;
        if (random.nextInt(4) == 0) {
          if (afters[n].length > 0 && random.nextBoolean()) {
            eachNode = afters[n][random.nextInt(afters[n].length)];
          } else {
            eachInput = random.nextInt(inputCount);
          }
        }
        int limit = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
        g.step("s" + n, afters[n], tolerated, randomRetry(), eachNode, eachInput, limit);
      }
    }
    for (int[] race : racers) {
      for (int i = 0; i < race[1]; i++) {
        g.racer(race[0], "r" + race[0] + "." + i, randomRetry());
      }
    }
    return g.build();
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  private RetryPolicy randomRetry() {
    if (random.nextInt(4) != 0) {
      return null;
    }
    return new RetryPolicy(1 + random.nextInt(3), random.nextBoolean() ? 0 : 1_000, random.nextBoolean() ? 1.0 : 2.0,
        random.nextBoolean() ? List.of(Exception.class) : List.of(IOException.class));
  }

  String trace() {
    return trace.toString();
  }

  int events() {
    return events;
  }

  RunEvent.Outcome outcome() {
    return schedule.outcome();
  }

  /** Runs the simulation to its end; throws an AssertionError when an invariant breaks. */
  Simulation run() {
    note("start");
    schedule.start();
    check();
    while (true) {
      if (!step()) {
        break;
      }
      check();
    }
    if (!(schedule.isFinished())) {
      throw broken("nothing more can happen, yet the run is not finished: it would hang");
    }
    for (int x = 0; x < executions; x++) {
      if (!(state[x] == ENDED)) {
        throw broken("execution " + name(x) + " never ended");
      }
    }
    note("finished " + schedule.outcome() + " " + schedule.failedStep());
    return this;
  }

  // What can happen to an execution, or to the run.
  private static final int BEGIN = 0, DROP = 1, REJECT = 2, PAUSE_ENDED = 3, SUCCEED = 4, FAIL = 5, TIME_OUT = 6,
      LATE_REJECTION = 7, HANDED_OFF_RUNS = 8, CANCEL_RUN = 9, DEADLINE = 10;

  private void possible(int what, int x, int weight) {
    for (int i = 0; i < weight; i++) {
      if (possibleCount == possible.length) {
        possible = Arrays.copyOf(possible, possibleCount * 2);
      }
      possible[possibleCount++] = what << 24 | x;
    }
  }

  /** Delivers one random event; false when none can happen any more. */
  private boolean step() {
    possibleCount = 0;
    for (int x = 0; x < executions; x++) {
      switch (state[x]) {
        case QUEUED -> {
          possible(BEGIN, x, 1);
          if (cancelled[x]) {
            possible(DROP, x, 1);
          }
          if (random.nextInt(40) == 0) {
            possible(REJECT, x, 1);
          }
        }
        case PAUSED -> possible(PAUSE_ENDED, x, 1);
        case RUNNING -> {
          possible(SUCCEED, x, cancelled[x] ? 1 : 8);
          possible(FAIL, x, cancelled[x] ? 3 : 1);
          if (hasTimeout[schedule.task(x)] && !schedule.isCancelled(x) && random.nextInt(4) == 0) {
            possible(TIME_OUT, x, 1);
          }
        }
        default -> {
          if (oddExecutor && random.nextInt(20) == 0) {
            possible(LATE_REJECTION, x, 1);
          }
          if (rejectedButHandedOff[x]) {
            possible(HANDED_OFF_RUNS, x, 1);
          }
        }
      }
    }
    if (possibleCount == 0) {
      return false;
    }
    if (!cancelledByCaller && random.nextInt(40) == 0) {
      possible(CANCEL_RUN, 0, 1);
    }
    if (runTimeout && !deadlinePassed && random.nextInt(60) == 0) {
      possible(DEADLINE, 0, 1);
    }
    events++;
    now += 250L * random.nextInt(3);
    int chosen = possible[random.nextInt(possibleCount)];
    int x = chosen & 0xFFFFFF;
    switch (chosen >>> 24) {
      case BEGIN -> begin(x);
      case DROP -> drop(x);
      case REJECT -> reject(x, oddExecutor && random.nextBoolean());
      case PAUSE_ENDED -> pauseEnded(x);
      case SUCCEED -> succeed(x);
      case FAIL -> fail(x);
      case TIME_OUT -> timeOut(x);
      case LATE_REJECTION -> lateRejection(x);
      case HANDED_OFF_RUNS -> handedOffTaskRuns(x);
      case CANCEL_RUN -> cancelRun();
      default -> deadline();
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private void begin(int x) {
    if (!cancelled[x]) {
      racerBegins(x); // before the schedule hears of it: the next racer's wait counts from now
    }
    boolean runs = schedule.begin(x);
    note("begin " + name(x) + " -> " + runs);
    if (!(runs != cancelled[x])) {
      throw broken("begin " + name(x) + " answered " + runs + " though cancelled=" + cancelled[x]);
    }
    if (runs) {
      state[x] = RUNNING;
      began[x] = true;
    } else {
      end(x);
    }
  }

  private void drop(int x) {
    note("drop " + name(x));
    schedule.drop(x);
    end(x);
  }

  private void reject(int x, boolean handedOff) {
    var rejection = new Stackless.Rejected("rejected " + name(x));
    note("reject " + name(x) + (handedOff ? " (handed off)" : ""));
    if (!cancelled[x]) {
      genuine.add(rejection);
      failedForGood[schedule.task(x)] = true; // a rejection is never retried
      racerBegins(x); // it failed at once
    }
    schedule.rejected(x, rejection);
    end(x);
    rejectedButHandedOff[x] = handedOff;
  }

  private void lateRejection(int x) {
    note("late rejection " + name(x));
    int before = schedule.live();
    schedule.rejected(x, new Stackless.Rejected("ran, then threw"));
    if (!(schedule.live() == before)) {
      throw broken("a rejection after the execution ran changed the run");
    }
  }

  private void handedOffTaskRuns(int x) {
    note("handed-off " + name(x) + " runs");
    rejectedButHandedOff[x] = false;
    if (!(!schedule.begin(x))) {
      throw broken("a rejected execution began when its handed-off task ran");
    }
  }

  private void pauseEnded(int x) {
    now = Math.max(now, due[x]); // a timer fires no earlier than due
    note("pause ended " + name(x));
    state[x] = QUEUED;
    schedule.pauseEnded(x);
  }

  private void succeed(int x) {
    int task = schedule.task(x);
    int node = graph.taskNode(task);
    Object value = "v" + name(x);
    Elements elements = null;
    if (schedule.element(x) < 0 && graph.feedsEach(node)) {
      if (random.nextInt(10) == 0) {
        var npe = new Stackless.NullPointer("null from " + name(x));
        elements = Elements.failed(npe);
        genuine.add(npe);
        value = null;
      } else {
        List<Object> values = list(random.nextInt(4));
        elements = Elements.of(values);
        value = values;
      }
    }
    note("succeed " + name(x));
    state[x] = ENDED;
    live--;
    schedule.succeeded(x, value, elements);
  }

  private void fail(int x) {
    Throwable error = switch (random.nextInt(cancelled[x] ? 2 : 4)) {
      case 0 -> new Stackless.Interrupted("interrupted " + name(x));
      case 1 -> new Stackless.IllegalState("wrapped interrupt of " + name(x));
      case 2 -> new Stackless.IO("io " + name(x));
      default -> new Stackless.IllegalState("bug in " + name(x));
    };
    note("fail " + name(x) + " " + error.getClass().getSimpleName());
    (cancelled[x] ? afterCancel : genuine).add(error);
    state[x] = ENDED;
    live--;
    schedule.failed(x, error);
  }

  private void timeOut(int x) {
    var timeout = new Stackless.Timeout("timeout of " + name(x));
    genuine.add(timeout);
    note("time out " + name(x));
    int task = schedule.task(x);
    RetryPolicy retry = graph.retry(task);
    if (retry == null || schedule.attempt(x) >= retry.attempts() || !retry.retries(timeout) || schedule.isDecided()
        || raceDecided[graph.taskNode(task)]) {
      failedForGood[task] = true; // it fails now, whenever it gives in
    }
    schedule.timedOut(x, timeout);
  }

  private void cancelRun() {
    note("caller cancels");
    cancelledByCaller = true;
    schedule.cancel();
  }

  private void deadline() {
    var timeout = new Stackless.Timeout("deadline");
    genuine.add(timeout);
    note("deadline passes");
    deadlinePassed = true;
    schedule.deadlinePassed(timeout);
  }

  private void end(int x) {
    state[x] = ENDED;
    live--;
  }

  // ---------------------------------------------------------------------------------------------
  // What the schedule asks for

  @Override
  public void start(int x) {
    if (x == executions) {
      newExecution();
      long attempt = (long) schedule.task(x) << 40 | (long) (schedule.element(x) + 1) << 16 | schedule.attempt(x);
      if (!attempts.add(attempt)) {
        throw broken(name(x) + " started twice");
      }
    } else {
      if (!(state[x] == QUEUED)) {
        throw broken("start of " + name(x) + ", which is neither new nor at the end of its pause");
      }
    }
    note("  -> start " + name(x) + " at " + now);
    if (!(!schedule.isDecided())) {
      throw broken("a decided run started " + name(x));
    }
    int node = graph.taskNode(schedule.task(x));
    for (int dep : graph.after[node]) {
      if (!(schedule.isDone(dep))) {
        throw broken(name(x) + " started before " + graph.nodeName(dep) + " was done");
      }
    }
    state[x] = QUEUED;
    checkLimit(schedule.task(x));
    if (schedule.attempt(x) > 1) {
      failedForGood[schedule.task(x)] = false; // its failure is retried
    } else if (graph.wins(node) != null) {
      racerStarts(schedule.task(x), node);
    }
  }

  /** The first attempt of a racer of a hedged race, {@code x}, begins (or is rejected) now. */
  private void racerBegins(int x) {
    int t = schedule.task(x);
    int node = graph.taskNode(t);
    if (graph.wins(node) != null && graph.hedgeNanos(node) > 0 && schedule.attempt(x) == 1) {
      if (racerBegan[t] >= 0) {
        throw broken("racer " + graph.taskName(t) + " began twice");
      }
      racerBegan[t] = now;
    }
  }

  /** Racer {@code t} of race {@code node} starts its first attempt now: is it its turn? */
  private void racerStarts(int t, int node) {
    if (raceDecided[node]) {
      throw broken("racer " + graph.taskName(t) + " started after its race was decided");
    }
    if (racerStarted[t] >= 0) {
      throw broken("racer " + graph.taskName(t) + " started twice");
    }
    racerStarted[t] = now;
    turn[t] = -1;
    long hedge = graph.hedgeNanos(node);
    int[] racers = graph.tasks[node];
    int k = indexOf(racers, t);
    if (hedge == 0 || k == 0) {
      return;
    }
    if (racerStarted[racers[k - 1]] < 0) {
      throw broken("racer " + graph.taskName(t) + " started before the racer before it");
    }
    long before = racerBegan[racers[k - 1]];
    boolean allFailed = true;
    for (int i = 0; i < k; i++) {
      allFailed &= failedForGood[racers[i]];
    }
    if (before < 0 && !(graph.wins(node) == Wins.FIRST_TO_SUCCEED && allFailed)) {
      throw broken("racer " + graph.taskName(t) + " started before the racer before it began");
    }
    if (now < before + hedge && !(graph.wins(node) == Wins.FIRST_TO_SUCCEED && allFailed)) {
      throw broken("racer " + graph.taskName(t) + " started at " + now + ", before its turn at " + (before + hedge));
    }
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void pause(int x, long nanos) {
    if (!(x == executions)) {
      throw broken("pause of an execution that exists");
    }
    newExecution();
    state[x] = PAUSED;
    due[x] = now + nanos;
    note("  -> pause " + name(x) + " " + nanos);
    int task = schedule.task(x);
    int node = graph.taskNode(task);
    if (schedule.attempt(x) > 1) {
      failedForGood[task] = false; // its failure is retried
    } else {
      // A racer of a hedged race waits its turn: the delay, from when the racer before it began.
      int[] racers = graph.tasks[node];
      int k = indexOf(racers, task);
      if (graph.wins(node) == null || graph.hedgeNanos(node) == 0 || k <= 0) {
        throw broken("a pause before the first attempt of " + name(x) + ", which is not a hedged racer after the first");
      }
      if (nanos != graph.hedgeNanos(node) || racerBegan[racers[k - 1]] != now) {
        throw broken(name(x) + " waits " + nanos + " from " + now + ", not the race's delay from when "
            + graph.taskName(racers[k - 1]) + " began (" + racerBegan[racers[k - 1]] + ")");
      }
      if (racerStarted[task] >= 0) {
        throw broken(name(x) + " waits its turn, though it started");
      }
      turn[task] = x;
    }
    if (!(!schedule.isDecided())) {
      throw broken("a decided run paused " + name(x));
    }
    if (!(nanos > 0)) {
      throw broken("a pause of nothing");
    }
  }

  private void newExecution() {
    if (executions == state.length) {
      state = Arrays.copyOf(state, executions * 2);
      began = Arrays.copyOf(began, executions * 2);
      due = Arrays.copyOf(due, executions * 2);
      cancelled = Arrays.copyOf(cancelled, executions * 2);
      rejectedButHandedOff = Arrays.copyOf(rejectedButHandedOff, executions * 2);
    }
    state[executions] = QUEUED;
    executions++;
    live++;
  }

  @Override
  public void cancel(int x) {
    note("  -> cancel " + name(x));
    if (!(state[x] != ENDED)) {
      throw broken("cancel of " + name(x) + ", which has ended");
    }
    cancelled[x] = true;
    if (state[x] == PAUSED) {
      end(x);
    }
  }

  @Override
  public void ended(int x, RunEvent.Outcome outcome, Throwable failure) {
    note("  -> ended " + name(x) + " " + outcome);
    if (!(state[x] == ENDED)) {
      throw broken(name(x) + " reported ended while " + state[x]);
    }
    if (!began[x]) {
      throw broken(name(x) + " reported ended, though it never began");
    }
    if (outcome == RunEvent.Outcome.FAILED) {
      failedForGood[schedule.task(x)] = true; // unless a retry follows at once
    }
    if (!((outcome == RunEvent.Outcome.FAILED) == (failure != null))) {
      throw broken("a failure goes with FAILED only");
    }
    if (!(outcome != RunEvent.Outcome.CANCELLED || cancelled[x])) {
      throw broken(name(x) + " ended CANCELLED but was never cancelled");
    }
  }

  @Override
  public void raceDecided(int node, int winner, boolean succeeded) {
    note("  -> race " + graph.nodeName(node) + " decided by " + (winner < 0 ? "all" : graph.taskName(winner)));
    if (!(!raceDecided[node])) {
      throw broken("race " + graph.nodeName(node) + " decided twice");
    }
    raceDecided[node] = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Invariants

  private void check() {
    if (!(schedule.live() == live)) {
      throw broken("the schedule counts " + schedule.live() + " live executions, the engine " + live);
    }
    RunEvent.Outcome outcome = schedule.outcome();
    if (outcome == RunEvent.Outcome.FAILED) {
      Throwable failure = schedule.failure();
      if (!(genuine.contains(failure))) {
        throw broken("the cause " + failure + " is not a failure that happened");
      }
      if (!(schedule.failedStep() != null)) {
        throw broken("a failed run names a step");
      }
      for (Throwable suppressed : failure.getSuppressed()) {
        if (!(!afterCancel.contains(suppressed))) {
          throw broken("what a cancelled step threw is attached: " + suppressed);
        }
      }
    }
    if (outcome == RunEvent.Outcome.SUCCEEDED) {
      for (int n = 0; n < graph.nodes(); n++) {
        if (!(schedule.isDone(n))) {
          throw broken("a run succeeded without " + graph.nodeName(n));
        }
      }
    }
    if (outcome == RunEvent.Outcome.CANCELLED) {
      if (!(cancelledByCaller)) {
        throw broken("cancelled without the caller");
      }
    }
    checkHedgedRaces();
    if (schedule.isFinished()) {
      if (!(live == 0)) {
        throw broken("finished with executions live");
      }
    }
  }

  /**
   * In an undecided run, each undecided hedged race that has begun has its next racer waiting its
   * turn once the racer before it began (and not while that one is only queued), and a {@code
   * FIRST_TO_SUCCEED} one does not wait when every racer started has failed.
   */
  private void checkHedgedRaces() {
    if (schedule.isDecided()) {
      return;
    }
    for (int n = 0; n < graph.nodes(); n++) {
      if (graph.wins(n) == null || graph.hedgeNanos(n) == 0 || raceDecided[n]) {
        continue;
      }
      int[] racers = graph.tasks[n];
      int started = 0;
      boolean allFailed = true;
      while (started < racers.length && racerStarted[racers[started]] >= 0) {
        allFailed &= failedForGood[racers[started]];
        started++;
      }
      for (int i = started + 1; i < racers.length; i++) {
        if (racerStarted[racers[i]] >= 0 || turn[racers[i]] >= 0) {
          throw broken(graph.taskName(racers[i]) + " started or waits before " + graph.taskName(racers[started]));
        }
      }
      if (started == 0 || started == racers.length) {
        continue;
      }
      int next = racers[started];
      if (racerBegan[racers[started - 1]] < 0) {
        if (turn[next] >= 0) {
          throw broken(graph.taskName(next) + " waits its turn, though " + graph.taskName(racers[started - 1])
              + " has not begun");
        }
        continue;
      }
      if (turn[next] < 0 || state[turn[next]] != PAUSED) {
        throw broken(graph.taskName(next) + " neither started nor waits its turn");
      }
      if (due[turn[next]] != racerBegan[racers[started - 1]] + graph.hedgeNanos(n)) {
        throw broken(graph.taskName(next) + " is due at " + due[turn[next]] + ", not the delay after "
            + graph.taskName(racers[started - 1]) + " began");
      }
      if (graph.wins(n) == Wins.FIRST_TO_SUCCEED && allFailed) {
        throw broken(graph.taskName(next) + " waits its turn, though every racer started has failed");
      }
    }
  }

  private void checkLimit(int task) {
    int limit = graph.limit(task);
    if (limit == 0 || graph.eachNode(task) < 0 && graph.eachInput(task) < 0) {
      return;
    }
    int running = 0;
    for (int x = 0; x < executions; x++) {
      if (state[x] != ENDED && schedule.task(x) == task) {
        running++;
      }
    }
    if (!(running <= limit)) {
      throw broken(graph.taskName(task) + " has " + running + " elements at once, over its limit " + limit);
    }
  }

  private String name(int x) {
    int attempt = schedule.attempt(x);
    return graph.taskName(schedule.task(x))
        + (schedule.element(x) >= 0 ? "[" + schedule.element(x) + "]" : "")
        + (attempt > 1 ? "#" + attempt : "");
  }

  private void note(String line) {
    trace.append(line).append('\n');
  }

  private AssertionError broken(String what) {
    return new AssertionError("seed " + seed + ": " + what + "\n" + describe() + "\ntrace:\n" + trace);
  }

  String describe() {
    var d = new StringBuilder("workflow:");
    for (int n = 0; n < graph.nodes(); n++) {
      d.append("\n  ").append(graph.nodeName(n)).append(" after ").append(Arrays.toString(graph.after[n]));
      if (graph.wins(n) != null) {
        d.append(' ').append(graph.wins(n));
        if (graph.hedgeNanos(n) > 0) {
          d.append(" hedged ").append(graph.hedgeNanos(n));
        }
        d.append(" racers");
        for (int t : graph.tasks[n]) {
          d.append(' ').append(graph.taskName(t));
        }
      }
      if (graph.tolerated(n)) {
        d.append(" tolerated");
      }
      for (int t : graph.tasks[n]) {
        if (graph.eachNode(t) >= 0 || graph.eachInput(t) >= 0) {
          d.append(' ').append(graph.taskName(t)).append(" each of ")
              .append(graph.eachNode(t) >= 0 ? "node " + graph.eachNode(t) : "input " + graph.eachInput(t))
              .append(" limit ").append(graph.limit(t));
        }
        if (graph.retry(t) != null) {
          d.append(' ').append(graph.taskName(t)).append(' ').append(graph.retry(t));
        }
        if (hasTimeout[t]) {
          d.append(' ').append(graph.taskName(t)).append(" times out");
        }
      }
    }
    for (int i = 0; i < inputs.length; i++) {
      d.append("\n  input ").append(i).append(": ").append(inputs[i]);
    }
    return d.append(runTimeout ? "\n  run timeout" : "").append(oddExecutor ? "\n  odd executor" : "").toString();
  }
}
