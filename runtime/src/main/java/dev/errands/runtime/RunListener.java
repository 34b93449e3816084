package dev.errands.runtime;

/**
 * Sees every run of an orchestrator: register one with {@link RunOptions.Builder#listener}.
 *
 * <p>Called on a thread of the run (a step's thread, the thread that ended the run), never while
 * the engine holds a lock. Every event of a run reaches the listener before that run's {@link
 * RunEvent.RunEnded}, and {@code RunEnded} before {@code run} returns or the future of {@code
 * runAsync} completes. Events of one run may come from several threads at once: a listener must be
 * thread-safe. It should be quick; what it throws is
 * logged and otherwise ignored, so a broken listener cannot break a run.
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
