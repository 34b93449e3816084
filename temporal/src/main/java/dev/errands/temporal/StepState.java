package dev.errands.temporal;

/**
 * Where one step of a run on Temporal is, as {@link ErrandsClient.Started#progress()} reports it.
 * A step run per element, or retried, is {@link #RUNNING} until it has settled: while any of its
 * elements runs, and in the pause before a retry.
 */
public enum StepState {
  /** Not scheduled yet: it waits for the steps it comes after, or for a worker to start the run. */
  NOT_STARTED,
  /** Scheduled or running (an activity waiting for a worker counts), or pausing between attempts. */
  RUNNING,
  /** Succeeded: every element of a step run per element. */
  SUCCEEDED,
  /** Failed, its retries used up (a tolerated step's failure included). */
  FAILED,
  /** Given up on: a race's loser, a step of a failed or cancelled run. */
  CANCELLED
}
