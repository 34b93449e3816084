package dev.errands.runtime;

import dev.errands.runtime.schedule.Graph;
import java.util.List;

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

  private CapturedContext(List<ContextPropagator<?>> propagators, List<StepObserver> observers, Workflow<?, ?> wf) {
    this.propagators = propagators;
    this.captured = propagators.isEmpty() ? NONE : new Object[propagators.size()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = propagators.get(i).capture();
    }
    this.wf = wf;
    this.observations = observers.isEmpty() ? null : startRun(observers, wf.name);
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
      execution.observed = startStep(execution);
      try {
        return execution.call();
      } finally {
        exit(execution.observed);
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

  /** Starts the observations of {@code e}: one StepObservation, an array of them, or null. */
  private Object startStep(Execution e) {
    Graph graph = wf.graph;
    String step = graph.taskName(e.task);
    int node = graph.taskNode(e.task);
    String race = graph.wins(node) == null ? null : graph.nodeName(node);
    if (observations.length == 1) {
      return startStep(observations[0], step, race, e);
    }
    var started = new StepObserver.StepObservation[observations.length];
    for (int i = 0; i < started.length; i++) {
      started[i] = startStep(observations[i], step, race, e);
    }
    return started;
  }

  private static StepObserver.StepObservation startStep(
      StepObserver.RunObservation run, String step, String race, Execution e) {
    if (run == null) {
      return null;
    }
    try {
      return run.startStep(step, race, e.attempt, e.element);
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

  /** Execution {@code e} ended as the run decided; outside the run's lock, before the run ends. */
  static void stepEnded(Execution e, RunEvent.Outcome outcome, Throwable failure) {
    Object observed = e.observed;
    if (observed instanceof StepObserver.StepObservation one) {
      end(one, outcome, failure, e.won);
    } else if (observed != null) {
      var all = (StepObserver.StepObservation[]) observed;
      for (int i = all.length - 1; i >= 0; i--) {
        end(all[i], outcome, failure, e.won);
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
