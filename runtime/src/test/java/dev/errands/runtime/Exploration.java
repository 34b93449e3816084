package dev.errands.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One seeded exploration: a random workflow run by the real engine in a single-threaded world that
 * the seed drives. The executor queues tasks (or, when odd, runs a task and then throws, hands it
 * off and then throws, or rejects after a few); the timer holds timeouts and retry pauses until
 * the world fires them; asynchronous steps' stages wait until the world completes them; the
 * caller may cancel. The test thread does one of these things at a time, in an order drawn from
 * the seed, so the same seed replays the same run.
 *
 * <p>Checked throughout: no attempt of a step runs twice; nothing runs once the run is over or the
 * caller cancelled; the listener sees one event at a time, each step's attempts in order, and
 * {@code RunEnded} last; when the run ends nothing of it is left (no step running, no stage
 * pending, no timer, no task queued but those an executor threw on); a failed run's cause is a
 * failure that happened, never the throw of an executor that ran the task; and the run ends. Races
 * may be hedged (their racers' turns are timers the world fires in any order): no racer starts once
 * its race is decided, and the racers a decided race names as never started are the last of its
 * racers in source order and have no events at all. On odd
 * seeds a StepObserver sees each execution whose method is called once, exits on its thread, and
 * ends once, with the outcome the listener sees, before the run's observation ends and RunEnded.
 */
final class Exploration {
  private final long seed;
  private final Random random;
  private final StringBuilder trace = new StringBuilder();
  private final int oddness; // 0 a plain executor; 1 runs then throws; 2 hands off then throws; 3 rejects after a few
  private final int rejectAfter;
  private final boolean[] feeds; // per node: a fan-out iterates its result
  private final Workflow<Object, List<Object>> workflow;
  private final List<String> items; // the input, or null

  // The world.
  private final List<Queued> queue = new ArrayList<>();
  private final List<Timer> timers = new ArrayList<>();
  private final List<Pending> stages = new ArrayList<>();
  private int submitted;
  private int bodiesRunning;
  // What happened.
  private final Set<String> attempts = new HashSet<>();
  private final Map<Object, Integer> elements = new IdentityHashMap<>();
  private final Set<Throwable> thrown = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Throwable> ranThenThrew = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, Integer> stepState = new HashMap<>(); // step/element: +attempt started, -attempt ended
  private boolean inListener;
  private boolean runEnded;
  // With a StepObserver (odd seeds): step/element#attempt -> "started", then the outcome it was told.
  private final Map<String, String> observed = new HashMap<>();
  private final Map<String, String> listened = new HashMap<>(); // the same, as the listener saw it
  private boolean runObservationEnded;
  private boolean cancelledByCaller;
  // Races: race -> its racers in source order; the races decided so far; racers started, never started.
  private final Map<String, List<String>> racersOf = new HashMap<>();
  private final Set<String> decidedRaces = new HashSet<>();
  private final Set<String> everStarted = new HashSet<>();
  private final Set<String> neverStarted = new HashSet<>();
  private AssertionError broken; // the first invariant broken, maybe where the engine caught it

  Exploration(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.oddness = random.nextInt(4);
    this.rejectAfter = random.nextInt(8);
    int nodes = 1 + random.nextInt(10);
    this.feeds = new boolean[nodes];
    this.items = random.nextInt(8) == 0 ? null : strings(random.nextInt(4));
    this.workflow = randomWorkflow(nodes);
  }

  private int values; // every value is a new one: an attempt is named by its element

  private List<String> strings(int size) {
    var strings = new ArrayList<String>();
    for (int i = 0; i < size; i++) {
      strings.add("e" + values++);
    }
    return strings;
  }

  private Workflow<Object, List<Object>> randomWorkflow(int nodes) {
    var b = Workflow.<Object>builder("explore.W" + seed, "items");
    if (random.nextInt(6) == 0) {
      b.timeout(1, TimeUnit.SECONDS);
    }
    for (int n = 0; n < nodes; n++) {
      List<Integer> after = new ArrayList<>();
      for (int m = 0; m < n; m++) {
        if (after.size() < 3 && random.nextInt(3) == 0) {
          after.add(m);
        }
      }
      StepOptions options = StepOptions.after(after.stream().mapToInt(Integer::intValue).toArray());
      if (random.nextInt(5) == 0) {
        options = options.tolerated();
      }
      int node = n;
      if (random.nextInt(5) == 0) {
        if (random.nextBoolean()) {
          options = options.hedge(1 + random.nextInt(3), TimeUnit.MILLISECONDS);
        }
        b.race("r" + n, random.nextBoolean() ? Wins.FIRST_TO_SETTLE : Wins.FIRST_TO_SUCCEED, options);
        int racers = 1 + random.nextInt(3);
        var names = new ArrayList<String>();
        for (int i = 0; i < racers; i++) {
          names.add("r" + n + "." + i);
        }
        racersOf.put("r" + n, names);
        for (int i = 0; i < racers; i++) {
          StepOptions racer = taskOptions(StepOptions.after());
          boolean async = random.nextInt(4) == 0;
          String name = "r" + n + "." + i;
          b.racer(n, name, async ? racer.async() : racer, (s, in) -> body(name, node, async, false, in));
        }
        continue;
      }
      boolean each = random.nextInt(3) == 0;
      if (each) {
        if (!after.isEmpty() && random.nextBoolean()) {
          int source = after.get(random.nextInt(after.size()));
          feeds[source] = true;
          options = options.eachOf(source);
        } else {
          options = options.eachOfInput(0);
        }
        if (random.nextBoolean()) {
          options = options.limit(1 + random.nextInt(2));
        }
      }
      options = taskOptions(options);
      boolean async = random.nextInt(4) == 0;
      String name = "s" + n;
      b.step(name, async ? options.async() : options, (s, in) -> body(name, node, async, each, in));
    }
    return b.build(Probe.values(nodes));
  }

  private StepOptions taskOptions(StepOptions options) {
    if (random.nextInt(5) == 0) {
      options = options.timeout(1, TimeUnit.SECONDS);
    }
    if (random.nextInt(4) == 0) {
      options = random.nextBoolean()
          ? options.retry(2 + random.nextInt(2), random.nextBoolean() ? 0 : 1, TimeUnit.MILLISECONDS, 1.0)
          : options.retry(2 + random.nextInt(2), 0, TimeUnit.MILLISECONDS, 1.0, IOException.class);
    }
    return options;
  }

  // ---------------------------------------------------------------------------------------------
  // Steps

  private Object body(String name, int node, boolean async, boolean each, StepInput in) throws Throwable {
    StepContext context = in.context();
    Object element = in.element();
    String attempt = name + (element != null ? "[" + elementNumber(element) + "]" : "") + "#" + context.attempt();
    note("  body " + attempt);
    require(!runEnded, attempt + " ran after the run ended");
    require(!cancelledByCaller, attempt + " started after the caller cancelled");
    require(attempts.add(attempt), attempt + " ran twice");
    bodiesRunning++;
    try {
      if (async) {
        var stage = new CompletableFuture<Object>();
        stages.add(new Pending(stage, node, each));
        stage.whenComplete((v, x) -> note("  stage of " + attempt + " done"));
        return stage;
      }
      int roll = random.nextInt(10);
      if (roll == 0) {
        throw thrown(new IOException("io in " + attempt));
      }
      if (roll == 1) {
        throw thrown(new IllegalStateException("bug in " + attempt));
      }
      return value(node, each);
    } finally {
      bodiesRunning--;
    }
  }

  /** Elements by identity, numbered as first seen: equal lists are different elements. */
  private int elementNumber(Object element) {
    return elements.computeIfAbsent(element, e -> elements.size());
  }

  /**
   * What a step of node {@code node} returns: a list for one whose result a fan-out iterates (or,
   * from a step not run per element, sometimes null); a new value each time, so that a later
   * fan-out's attempts are told apart by their elements.
   */
  private Object value(int node, boolean each) {
    if (!feeds[node]) {
      return "v" + values++;
    }
    return !each && random.nextInt(10) == 0 ? null : strings(random.nextInt(4));
  }

  private <T extends Throwable> T thrown(T failure) {
    thrown.add(failure);
    return failure;
  }

  // ---------------------------------------------------------------------------------------------
  // The executor and the timer

  private final Executor executor = new Executor() {
    @Override
    public void execute(Runnable task) {
      int call = ++submitted;
      if (oddness == 3 && call > rejectAfter) {
        note("  executor rejects task " + call);
        throw thrown(new RejectedExecutionException("rejected task " + call));
      }
      if (oddness == 1 && random.nextInt(3) == 0) {
        note("  executor runs task " + call + ", then throws");
        task.run();
        for (int i = random.nextInt(3); i > 0; i--) {
          fireATimer(); // time passes while the executor is slow to throw
        }
        var odd = new RejectedExecutionException("ran task " + call + ", then threw");
        ranThenThrew.add(odd);
        throw odd;
      }
      if (oddness == 2 && random.nextInt(3) == 0) {
        note("  executor hands task " + call + " off, then throws");
        queue.add(new Queued(task, true));
        throw thrown(new RejectedExecutionException("handed task " + call + " off, then threw"));
      }
      queue.add(new Queued(task, false));
    }
  };

  private record Queued(Runnable task, boolean executorThrew) {}

  /** The stage an asynchronous step returned, which the world completes. */
  private record Pending(CompletableFuture<Object> stage, int node, boolean each) {}

  private final class Timer implements Future<Object> {
    final Runnable action;
    boolean cancelled;
    boolean fired;

    Timer(Runnable action) {
      this.action = action;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (fired || cancelled) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled || fired;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  private void fireATimer() {
    timers.removeIf(Timer::isDone);
    if (!timers.isEmpty()) {
      Timer timer = timers.remove(random.nextInt(timers.size()));
      timer.fired = true;
      note("timer fires");
      timer.action.run();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The listener

  private void onEvent(RunEvent event) {
    require(!inListener, "the listener was called while it was being called: " + event);
    require(!runEnded, "an event after RunEnded: " + event);
    inListener = true;
    try {
      switch (event) {
        case RunEvent.StepStarted s -> {
          require(s.race() == null || !decidedRaces.contains(s.race()), s.step() + " started after its race was decided");
          require(!neverStarted.contains(s.step()), s.step() + " started, though its race said it never would");
          everStarted.add(s.step());
          String key = s.step() + "/" + s.element();
          int before = stepState.getOrDefault(key, 0);
          require(before == -(s.attempt() - 1), key + " attempt " + s.attempt() + " started after " + before);
          stepState.put(key, s.attempt());
        }
        case RunEvent.RaceDecided d -> {
          require(decidedRaces.add(d.race()), d.race() + " decided twice");
          List<String> racers = racersOf.get(d.race());
          require(racers.subList(racers.size() - d.neverStarted().size(), racers.size()).equals(d.neverStarted()),
              d.race() + " never started " + d.neverStarted() + ": not the last of " + racers);
          for (String racer : d.neverStarted()) {
            require(!everStarted.contains(racer), racer + " started, yet " + d.race() + " says it never did");
          }
          neverStarted.addAll(d.neverStarted());
        }
        case RunEvent.StepEnded e -> {
          require(!neverStarted.contains(e.step()), e.step() + " ended, though its race said it never started");
          String key = e.step() + "/" + e.element();
          int before = stepState.getOrDefault(key, 0);
          require(before == e.attempt(), key + " attempt " + e.attempt() + " ended after " + before);
          stepState.put(key, -e.attempt());
          listened.put(key + "#" + e.attempt(), e.outcome().name());
        }
        case RunEvent.RunEnded end -> {
          note("run ended " + end.outcome() + " " + end.failedStep());
          for (var race : end.neverStarted().entrySet()) {
            require(!decidedRaces.contains(race.getKey()), race.getKey() + " was decided, yet RunEnded names it");
            List<String> racers = racersOf.get(race.getKey());
            require(racers.subList(racers.size() - race.getValue().size(), racers.size()).equals(race.getValue()),
                race.getKey() + " never started " + race.getValue() + " as the run ended: not the last of " + racers);
            for (String racer : race.getValue()) {
              require(!everStarted.contains(racer), racer + " started, yet RunEnded says it never did");
            }
          }
          require(bodiesRunning == 0, "the run ended while a step ran");
          for (Pending pending : stages) {
            require(pending.stage.isDone(), "the run ended while a stage was pending");
          }
          for (Timer timer : timers) {
            require(timer.isDone(), "the run ended and left a timer");
          }
          for (Queued queued : queue) {
            require(queued.executorThrew, "the run ended with a task queued in its executor");
          }
          for (var entry : stepState.entrySet()) {
            require(entry.getValue() <= 0, "the run ended while " + entry.getKey() + " was still running");
          }
          if (seed % 2 != 0) {
            require(runObservationEnded, "RunEnded came before the run's observation ended");
            for (var entry : observed.entrySet()) {
              require(entry.getValue().equals(listened.get(entry.getKey())), entry.getKey() + " was observed to end "
                  + entry.getValue() + ", the listener saw " + listened.get(entry.getKey()));
            }
          }
          runEnded = true;
        }
        default -> {}
      }
    } finally {
      inListener = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The world

  String trace() {
    return trace.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The observer (odd seeds): each execution whose method is called is observed once, exits on its
  // thread, ends once after that with the outcome the listener sees, all before the run's end.

  private StepObserver.RunObservation startRun(String name) {
    return new StepObserver.RunObservation() {
      @Override
      public StepObserver.StepObservation startStep(String step, String race, int attempt, int element) {
        String key = step + "/" + element + "#" + attempt;
        require(!runObservationEnded, key + " observed after the run's observation ended");
        require(observed.put(key, "started") == null, key + " observed twice");
        Thread thread = Thread.currentThread();
        return new StepObserver.StepObservation() {
          private boolean exited;

          @Override
          public void exit() {
            require(Thread.currentThread() == thread, key + " exited on another thread");
            require(!exited, key + " exited twice");
            exited = true;
          }

          @Override
          public void end(RunEvent.Outcome outcome, Throwable failure, boolean won) {
            require(exited, key + " ended before its method returned");
            require("started".equals(observed.get(key)), key + " ended twice");
            require(!won || (race != null && outcome != RunEvent.Outcome.CANCELLED), key + " won, " + outcome);
            observed.put(key, outcome.name());
          }
        };
      }

      @Override
      public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
        require(!runObservationEnded, "the run's observation ended twice");
        for (var entry : observed.entrySet()) {
          require(!entry.getValue().equals("started"), "the run's observation ended before " + entry.getKey() + "'s");
        }
        runObservationEnded = true;
      }
    };
  }

  /** Runs the exploration to its end; throws an AssertionError when an invariant breaks. */
  Exploration run() {
    var builder = RunOptions.builder();
    if (seed % 2 != 0) {
      builder.observe(this::startRun);
    }
    var options = builder
        .executor(executor)
        .listener(this::onEvent)
        .timers((action, nanos) -> {
          var timer = new Timer(action);
          timers.add(timer);
          return timer;
        })
        .build();
    note("run " + workflow.nodes() + " over " + items + ", executor " + oddness);
    CompletableFuture<List<Object>> future = workflow.runAsync(Probe.SERVICE, options, items);
    for (int events = 0; ; events++) {
      require(events < 100_000, "the run goes on for ever");
      timers.removeIf(Timer::isDone);
      stages.removeIf(pending -> pending.stage.isDone());
      int choices = queue.size() + timers.size() + stages.size();
      if (choices == 0) {
        break;
      }
      if (!cancelledByCaller && random.nextInt(50) == 0) {
        note("caller cancels");
        cancelledByCaller = true;
        future.cancel(true);
        continue;
      }
      int choice = random.nextInt(choices);
      if (choice < queue.size()) {
        Queued queued = queue.remove(choice);
        note("a thread runs a task" + (queued.executorThrew ? " its executor threw on" : ""));
        queued.task.run();
      } else if ((choice -= queue.size()) < timers.size()) {
        Timer timer = timers.remove(choice);
        timer.fired = true;
        note("timer fires");
        timer.action.run();
      } else {
        Pending pending = stages.remove(choice - timers.size());
        if (random.nextInt(5) == 0) {
          note("a stage fails");
          pending.stage.completeExceptionally(thrown(new IOException("stage failed")));
        } else {
          note("a stage completes");
          pending.stage.complete(value(pending.node, pending.each));
        }
      }
    }
    if (broken != null) {
      throw broken;
    }
    require(future.isDone(), "nothing more can happen, yet the run has not ended: it would hang");
    require(runEnded, "the run's future completed, but RunEnded never came");
    if (!future.isCancelled()) {
      try {
        future.get();
      } catch (ExecutionException e) {
        var failed = (WorkflowFailedException) e.getCause();
        Throwable cause = failed.getCause();
        require(!ranThenThrew.contains(cause), "the cause is the throw of an executor that had run the task");
        require(thrown.contains(cause) || cause instanceof TimeoutException
            || cause instanceof NullPointerException, "the cause " + cause + " is not a failure that happened");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return this;
  }

  private void note(String line) {
    trace.append(line).append('\n');
  }

  private void require(boolean condition, String what) {
    if (!condition) {
      var error = new AssertionError("seed " + seed + ": " + what + "\ntrace:\n" + trace);
      if (broken == null) {
        broken = error; // a step's or the listener's caller may catch it: run() throws it at the end
      }
      throw error;
    }
  }
}
