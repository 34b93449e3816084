package dev.errands.runtime;

/**
 * Sees every run of an orchestrator: register one with {@link RunOptions.Builder#listener}.
 *
 * <p>Called on a thread of the run (a step's thread, the thread that ended the run), never while
 * the engine holds a lock. The events of one run reach the listener one at a time, in the order the
 * run decided them:
 *
 * <ul>
 *   <li>{@link RunEvent.RunStarted} first, {@link RunEvent.RunEnded} last, and {@code RunEnded}
 *       before {@code run} returns or the future of {@code runAsync} completes;
 *   <li>for each step (each racer, each element of an {@code @Each} step), its attempts in order:
 *       {@code StepStarted} of attempt 1, its {@code StepEnded}, then {@code StepStarted} of attempt
 *       2, and so on;
 *   <li>a race's {@link RunEvent.RaceDecided} after the {@code StepEnded} of the racer whose end
 *       decided it (a racer that runs past its timeout decides the race at the timeout, and ends
 *       after; one its executor rejected never starts, and has no events);
 *   <li>a racer of a hedged race that had not started when its race was decided never starts: it
 *       has no events, and the race's {@code RaceDecided} names it in {@link
 *       RunEvent.RaceDecided#neverStarted}. One that had not started when the run ended otherwise,
 *       its race undecided (a failure elsewhere, the run's timeout, cancellation), has no events
 *       either, as any step that never started; {@code RunEnded} names it in {@link
 *       RunEvent.RunEnded#neverStarted}.
 * </ul>
 *
 * Events of different runs may come at the same time, and those of one run from different
 * threads: a listener shared by runs must be thread-safe. It should be quick, as the run's next
 * events wait for it; what it throws is logged and otherwise ignored, so a broken listener cannot
 * break a run.
 *
 * <pre>{@code
 * var timeline = new Timeline();
 * var orchestrator = new ProfileServiceOrchestrator(service, RunOptions.builder().listener(timeline).build());
 * orchestrator.run(42L);
 * System.out.print(timeline.render());
 * }</pre>
 */
@FunctionalInterface
public interface RunListener {
  void onEvent(RunEvent event);
}
