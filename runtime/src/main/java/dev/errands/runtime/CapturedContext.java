package dev.errands.runtime;

import dev.errands.runtime.schedule.Graph;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a run carries from the thread that started it into each of its steps: the context its
 * {@link ContextPropagator}s captured, installed around each step of the run whatever thread runs
 * it and restored after it; and the run's {@link StepObserver.RunObservation}s, started on that
 * thread, which observe each step inside that context.
 */
final class CapturedContext {
  private static final Object[] NONE = {};

  private final List<ContextPropagator<?>> propagators;
  private final Object[] captured;
  private final Workflow<?, ?> wf;
  private final StepObserver.RunObservation[] observations; // null without observers
  // With observers: the executions whose method has been called and whose end is not yet told.
  // Kept here, not on Execution, so that a run without observers allocates nothing more per step.
  private final Map<Execution, Observed> observed;
  // Guarded by the run's lock: the execution whose end or timeout the run is telling its schedule
  // (the one that may decide a race) while it does, or null.
  Execution deciding;

  /** What observes one execution, and whether its end decided its race (guarded by the run's lock). */
  private static final class Observed {
    final Object observations; // one StepObservation, or an array of them
    boolean won;

    Observed(Object observations) {
      this.observations = observations;
    }
  }

  private CapturedContext(List<ContextPropagator<?>> propagators, List<StepObserver> observers, Workflow<?, ?> wf) {
    this.propagators = propagators;
    this.captured = propagators.isEmpty() ? NONE : new Object[propagators.size()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = propagators.get(i).capture();
    }
    this.wf = wf;
    this.observations = observers.isEmpty() ? null : startRun(observers, wf.name);
    this.observed = observers.isEmpty() ? null : new ConcurrentHashMap<>();
  }

  /**
   * Captures the calling thread's context and starts the run's observations, or returns null when
   * there is nothing to propagate and nothing observes the run.
   */
  static CapturedContext capture(RunOptions options, Workflow<?, ?> wf) {
    List<ContextPropagator<?>> propagators = options.propagators();
    List<StepObserver> observers = options.observers();
    return propagators.isEmpty() && observers.isEmpty() ? null : new CapturedContext(propagators, observers, wf);
  }

  private static StepObserver.RunObservation[] startRun(List<StepObserver> observers, String workflow) {
    var started = new StepObserver.RunObservation[observers.size()];
    for (int i = 0; i < started.length; i++) {
      try {
        started[i] = observers.get(i).startRun(workflow);
      } catch (Throwable x) {
        Run.LOG.log(System.Logger.Level.WARNING, "a StepObserver threw as a run of " + workflow + " started; ignored", x);
      }
    }
    return started;
  }

  /**
   * Calls {@code execution}'s step with the context installed on the current thread and its
   * observations started, and restores what was there before: exactly what the step returns or
   * throws, or what a propagator that cannot install throws (it fails the step, like the step
   * itself).
   */
  Object around(Execution execution) throws Throwable {
    Object[] previous = captured.length == 0 ? NONE : new Object[captured.length];
    int installed = 0;
    try {
      for (; installed < previous.length; installed++) {
        previous[installed] = install(propagators.get(installed), captured[installed]);
      }
      if (observations == null) {
        return execution.call();
      }
      Object started = startStep(execution);
      if (started != null) {
        observed.put(execution, new Observed(started));
      }
      try {
        return execution.call();
      } finally {
        exit(started);
      }
    } finally {
      for (int i = installed - 1; i >= 0; i--) { // the last installed first
        try {
          propagators.get(i).restore(previous[i]);
        } catch (Throwable x) {
          Run.LOG.log(System.Logger.Level.WARNING, "a ContextPropagator threw while restoring a thread; ignored", x);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <C> Object install(ContextPropagator<C> propagator, Object captured) {
    return propagator.install((C) captured);
  }

  // ---------------------------------------------------------------------------------------------
  // Observers

  /** Whether the run has observers. */
  boolean observed() {
    return observations != null;
  }

  /** Starts the observations of {@code e}: one StepObservation, an array of them (some null), or null. */
  private Object startStep(Execution e) {
    Graph graph = wf.graph;
    String step = graph.taskName(e.task);
    int node = graph.taskNode(e.task);
    String race = graph.wins(node) == null ? null : graph.nodeName(node);
    int attempt;
    int element;
    synchronized (e.run) { // the schedule keeps them
      attempt = e.run.schedule.attempt(e.id);
      element = e.run.schedule.element(e.id);
    }
    if (observations.length == 1) {
      return startStep(observations[0], step, race, attempt, element);
    }
    var started = new StepObserver.StepObservation[observations.length];
    for (int i = 0; i < started.length; i++) {
      started[i] = startStep(observations[i], step, race, attempt, element);
    }
    return started;
  }

  private static StepObserver.StepObservation startStep(
      StepObserver.RunObservation run, String step, String race, int attempt, int element) {
    if (run == null) {
      return null;
    }
    try {
      return run.startStep(step, race, attempt, element);
    } catch (Throwable x) {
      Run.LOG.log(System.Logger.Level.WARNING, "a StepObserver threw as step '" + step + "' started; ignored", x);
      return null;
    }
  }

  /** The step's method returned or threw: undoes what its observations made current, the last first. */
  private static void exit(Object observed) {
    if (observed instanceof StepObserver.StepObservation one) {
      exit(one);
    } else if (observed != null) {
      var all = (StepObserver.StepObservation[]) observed;
      for (int i = all.length - 1; i >= 0; i--) {
        exit(all[i]);
      }
    }
  }

  private static void exit(StepObserver.StepObservation observation) {
    if (observation == null) {
      return;
    }
    try {
      observation.exit();
    } catch (Throwable x) {
      Run.LOG.log(System.Logger.Level.WARNING, "a StepObserver threw as a step's method returned; ignored", x);
    }
  }

  /** A race was decided by task {@code winner} (-1: by none); with the run's lock held. */
  void raceDecided(int winner) {
    Execution e = deciding;
    if (e != null && e.task == winner && observed != null) {
      Observed o = observed.get(e);
      if (o != null) {
        o.won = true;
      }
    }
  }

  /** Execution {@code e} ended as the run decided; outside the run's lock, before the run ends. */
  void stepEnded(Execution e, RunEvent.Outcome outcome, Throwable failure) {
    Observed o = observed.remove(e);
    if (o == null) {
      return; // no observer observed it
    }
    if (o.observations instanceof StepObserver.StepObservation one) {
      end(one, outcome, failure, o.won);
    } else {
      var all = (StepObserver.StepObservation[]) o.observations;
      for (int i = all.length - 1; i >= 0; i--) {
        end(all[i], outcome, failure, o.won);
      }
    }
  }

  private static void end(StepObserver.StepObservation observation, RunEvent.Outcome outcome, Throwable failure, boolean won) {
    if (observation == null) {
      return;
    }
    try {
      observation.end(outcome, failure, won);
    } catch (Throwable x) {
      Run.LOG.log(System.Logger.Level.WARNING, "a StepObserver threw as a step ended; ignored", x);
    }
  }

  /** The run ended: every step has, and their observations too. */
  void runEnded(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
    if (observations == null) {
      return;
    }
    for (int i = observations.length - 1; i >= 0; i--) {
      if (observations[i] == null) {
        continue;
      }
      try {
        observations[i].end(outcome, failedStep, failure);
      } catch (Throwable x) {
        Run.LOG.log(System.Logger.Level.WARNING, "a StepObserver threw as a run of " + wf.name + " ended; ignored", x);
      }
    }
  }

  /** What runs with the context installed. */
  @FunctionalInterface
  interface Body {
    Object call() throws Throwable;
  }
}
