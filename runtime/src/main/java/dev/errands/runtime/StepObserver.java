package dev.errands.runtime;

/**
 * An integration's code around a run and around every execution of its steps: what a tracer needs
 * to make a span current while a step's own code runs, or a metrics library to time each step.
 * Register one with {@link RunOptions.Builder#observe}; errands-opentelemetry and
 * errands-micrometer are observers.
 *
 * <p>A {@link RunListener} is told what happened, on whatever thread the run is on, in order. An
 * observer is called <em>where</em> it happens, at three places:
 *
 * <ol>
 *   <li>{@link #startRun} on the thread that calls {@code run} or {@code runAsync}, before any step
 *       starts: where the caller's current span or observation is, so the run's can be its child;
 *   <li>{@link RunObservation#startStep} on the step's own thread, just before the step's method is
 *       called, inside the context the run's {@link ContextPropagator}s installed; then {@link
 *       StepObservation#exit} on the same thread once the method returned or threw (an asynchronous
 *       step: returned its stage). Whatever {@code startStep} makes current is current while the
 *       step's code runs, so a span that code starts is a child of the step's. Once per execution:
 *       each attempt of a step ({@code @Retry}), each element of an {@code @Each} step, each racer;
 *       never for one that does not start (a queued step given up on, a racer a hedge never
 *       started);
 *   <li>{@link StepObservation#end} once the run has decided how that execution ended, as the
 *       {@link RunEvent.StepEnded} event says it (an asynchronous step: once its stage completed),
 *       and {@link RunObservation#end} once every step has ended; both on a thread of the run,
 *       before {@code run} returns or the future of {@code runAsync} completes. The one exception:
 *       a future of {@code runAsync} cancelled by its caller completes at once, as CONTRACT says,
 *       and the observations end when the cancelled steps have.
 * </ol>
 *
 * <p>Without an observer a run does none of this and allocates nothing for it. Several observers
 * nest: the first registered is the outermost around a step. An observer is shared by every run of
 * its orchestrators at once, so it must be thread-safe; what it throws is logged and otherwise
 * ignored (a {@code startStep} that throws leaves that execution unobserved), so a broken observer
 * cannot break a run.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service, RunOptions.builder()
 *     .observe(ErrandsTracing.create(openTelemetry))
 *     .build());
 * }</pre>
 */
@FunctionalInterface
public interface StepObserver {

  /**
   * A run starts: called on the thread that calls {@code run} or {@code runAsync}, before any of its
   * steps.
   *
   * @param workflow the qualified name of the service class
   * @return what observes this run, or {@code null} to observe nothing of it
   */
  RunObservation startRun(String workflow);

  /** What observes one run. */
  interface RunObservation {

    /**
     * An execution of a step starts: called on its own thread, just before its method, inside the
     * run's propagated context. What this makes current stays current until {@link
     * StepObservation#exit}, which runs on the same thread.
     *
     * @param step the step's name (a racer's own name)
     * @param race the racer's race, or {@code null} for a step
     * @param attempt 1 for the first attempt, 2 for the first retry
     * @param element the 0-based index of the element of an {@code @Each} step, or -1
     * @return what observes this execution, or {@code null} to observe nothing of it
     */
    StepObservation startStep(String step, String race, int attempt, int element);

    /**
     * The run ended: every step it started has ended. Called once, before {@code run} returns or
     * the future of {@code runAsync} completes.
     *
     * @param failedStep for {@code FAILED}, the step the {@link WorkflowFailedException} names
     * @param failure for {@code FAILED}, its cause; otherwise {@code null}
     */
    void end(RunEvent.Outcome outcome, String failedStep, Throwable failure);
  }

  /** What observes one execution of a step. */
  interface StepObservation {

    /**
     * The step's method returned or threw: called on the thread that called {@link
     * RunObservation#startStep}, to undo what that made current. An asynchronous step's execution
     * goes on until its stage completes; it ends later, with {@link #end}.
     */
    default void exit() {}

    /**
     * The execution ended, as the run sees it; called once, after {@link #exit}, possibly on another
     * thread.
     *
     * @param outcome {@code SUCCEEDED}, {@code FAILED} (an attempt that is retried too), or {@code
     *     CANCELLED}: given up on by the run, as a race's loser is; not a failure of the step
     * @param failure what it failed with, for {@code FAILED}; otherwise {@code null}
     * @param won for a racer, whether its end decided its race (as {@link RunEvent.RaceDecided#winner}
     *     names it); false for a step
     */
    void end(RunEvent.Outcome outcome, Throwable failure, boolean won);
  }
}
