package dev.errands.runtime;

import java.time.Duration;

/**
 * What a {@link RunListener} sees of a run: its start and end, each step's start and end, and each
 * race's decision. Times are {@link System#nanoTime()} readings, comparable within one JVM.
 * Every event names its run by {@code runId}, unique within the JVM, so one listener can follow
 * many runs at once.
 */
public sealed interface RunEvent {

  /** The run this event belongs to. */
  long runId();

  /** The qualified name of the service class. */
  String workflow();

  /** When it happened, in {@link System#nanoTime()}. */
  long nanos();

  /** How a step or a run ended. */
  enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Given up on: a race loser, a step interrupted because the run failed or was cancelled. */
    CANCELLED
  }

  /** A run started; its steps start next. */
  record RunStarted(long runId, String workflow, long nanos) implements RunEvent {}

  /**
   * A step or racer started, on {@code thread}: an attempt of it, or for a step run once per
   * element ({@code @Each}), an attempt for one element.
   *
   * @param race the race of a racer, or {@code null} for a step
   * @param attempt 1 for the first attempt, 2 for the first retry
   * @param element the 0-based index of the element, or -1 for a step not run per element
   */
  record StepStarted(
      long runId, String workflow, String step, String race, int attempt, int element, String thread, long nanos)
      implements RunEvent {}

  /**
   * A step or racer ended (an attempt of it; for an {@code @Each} step, an attempt for one
   * element): its method returned or threw, or its stage completed. An attempt that failed and is
   * retried ends {@link Outcome#FAILED}, and the next attempt starts later.
   *
   * @param race the race of a racer, or {@code null} for a step
   * @param attempt 1 for the first attempt, 2 for the first retry
   * @param element the 0-based index of the element, or -1 for a step not run per element
   * @param failure what it threw, for {@link Outcome#FAILED}; otherwise {@code null}
   * @param startNanos when it started; {@link #nanos()} is when it ended
   */
  record StepEnded(
      long runId,
      String workflow,
      String step,
      String race,
      int attempt,
      int element,
      Outcome outcome,
      Throwable failure,
      String thread,
      long startNanos,
      long nanos)
      implements RunEvent {

    public Duration duration() {
      return Duration.ofNanos(nanos - startNanos);
    }
  }

  /**
   * A race was decided.
   *
   * @param winner the racer whose outcome decided it: the first to return, or under {@code
   *     FIRST_TO_SETTLE} the first to throw; {@code null} when every racer of a {@code
   *     FIRST_TO_SUCCEED} race failed
   * @param succeeded whether the race succeeded
   * @param neverStarted the racers of a hedged race that had not started when it was decided, in
   *     source order: those waiting for their turn, and one whose turn had come but that no thread
   *     had taken up yet (queued on a busy executor). They never start, and have no events of their
   *     own; empty for a race whose racers start at once
   */
  record RaceDecided(
      long runId, String workflow, String race, String winner, boolean succeeded, long nanos, java.util.List<String> neverStarted)
      implements RunEvent {

    public RaceDecided {
      neverStarted = java.util.List.copyOf(neverStarted);
    }

    /** A race whose racers had all started when it was decided. */
    public RaceDecided(long runId, String workflow, String race, String winner, boolean succeeded, long nanos) {
      this(runId, workflow, race, winner, succeeded, nanos, java.util.List.of());
    }
  }

  /**
   * A run ended: every step it started has ended, and {@code run} returns or throws next.
   *
   * @param failedStep for {@link Outcome#FAILED}, the step named by the {@link
   *     WorkflowFailedException}; otherwise {@code null}
   * @param criticalPath for a run that succeeded, the chain of steps and races that set its wall
   *     time, first to last: the node that finished last, the one whose end let it start, and so
   *     on back to a node that started at once. Empty for a run that did not succeed.
   * @param neverStarted per hedged race that had started but was not decided when the run ended
   *     otherwise (a failure elsewhere, the run's timeout, cancellation), in source order: its
   *     racers that had not started, in source order, as {@link RaceDecided#neverStarted} names
   *     them for a decided race. They never start, and have no events of their own. Empty for a
   *     run that succeeded, and for one without such a race.
   */
  record RunEnded(
      long runId,
      String workflow,
      Outcome outcome,
      String failedStep,
      java.util.List<String> criticalPath,
      long startNanos,
      long nanos,
      java.util.Map<String, java.util.List<String>> neverStarted)
      implements RunEvent {

    public RunEnded {
      criticalPath = java.util.List.copyOf(criticalPath);
      if (neverStarted.isEmpty()) {
        neverStarted = java.util.Map.of();
      } else {
        var copy = new java.util.LinkedHashMap<String, java.util.List<String>>(); // in source order
        neverStarted.forEach((race, racers) -> copy.put(race, java.util.List.copyOf(racers)));
        neverStarted = java.util.Collections.unmodifiableMap(copy);
      }
    }

    /** A run that left no hedged race undecided with racers that never started. */
    public RunEnded(
        long runId, String workflow, Outcome outcome, String failedStep, java.util.List<String> criticalPath,
        long startNanos, long nanos) {
      this(runId, workflow, outcome, failedStep, criticalPath, startNanos, nanos, java.util.Map.of());
    }


    public Duration duration() {
      return Duration.ofNanos(nanos - startNanos);
    }
  }
}
