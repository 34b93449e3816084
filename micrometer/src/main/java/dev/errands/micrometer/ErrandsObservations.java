package dev.errands.micrometer;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Observes runs with Micrometer: an {@link Observation} {@value #RUN} per run, child of the
 * observation current where {@code run} or {@code runAsync} was called, and {@value #STEP} per
 * step execution (each attempt, each {@code @Each} element, each racer), child of the run's and
 * current (its scope open) while the step's method runs. With a {@code MeterRegistry}'s handler they
 * are timers to graph and alert on; with micrometer-tracing, spans.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service, RunOptions.builder()
 *     .observe(ErrandsObservations.create(observationRegistry))
 *     .build());
 * }</pre>
 *
 * <p>Low-cardinality key values (tags of the timers): {@code workflow} (the service class's
 * qualified name), {@code step} (steps only) and {@code outcome} ({@code SUCCEEDED}, {@code
 * FAILED}, {@code CANCELLED}); every step's timer has the same three, so registries that insist on
 * one set of tag keys per name (Prometheus) take them. High-cardinality ones (span tags only):
 * {@code attempt}, {@code element} (for {@code @Each}), {@code race} and {@code race.won} (for
 * racers), {@code failed.step} (a failed run). A failure is the observation's {@link
 * Observation#error error}; a cancelled step (a race's loser) is none. The contextual names (a
 * span's name) are {@code ProfileService} and {@code ProfileService.user}.
 *
 * <p>With a {@link ObservationRegistry#NOOP} registry, or one without handlers, a run does next to
 * nothing more than without this observer.
 */
public final class ErrandsObservations implements StepObserver {
  /** The name of a run's observation. */
  public static final String RUN = "errands.run";
  /** The name of a step execution's observation. */
  public static final String STEP = "errands.step";

  private final ObservationRegistry registry;

  private ErrandsObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** Observes with {@code registry}. */
  public static ErrandsObservations create(ObservationRegistry registry) {
    return new ErrandsObservations(Objects.requireNonNull(registry, "registry"));
  }

  /** Shorthand for {@code RunOptions.builder().observe(create(registry)).build()}. */
  public static RunOptions options(ObservationRegistry registry) {
    return RunOptions.builder().observe(create(registry)).build();
  }

  @Override
  public RunObservation startRun(String workflow) {
    if (registry.isNoop()) {
      return null;
    }
    String simpleName = workflow.substring(workflow.lastIndexOf('.') + 1);
    Observation run = Observation.createNotStarted(RUN, registry)
        .parentObservation(registry.getCurrentObservation())
        .contextualName(simpleName)
        .lowCardinalityKeyValue("workflow", workflow)
        .start();
    return new ObservedRun(registry, workflow, simpleName + ".", run);
  }

  private record ObservedRun(ObservationRegistry registry, String workflow, String prefix, Observation run)
      implements RunObservation {

    @Override
    public StepObservation startStep(String step, String race, int attempt, int element) {
      Observation observation = Observation.createNotStarted(STEP, registry)
          .parentObservation(run)
          .contextualName(prefix + step)
          .lowCardinalityKeyValue("workflow", workflow)
          .lowCardinalityKeyValue("step", step)
          .highCardinalityKeyValue("attempt", Integer.toString(attempt));
      if (element >= 0) {
        observation.highCardinalityKeyValue("element", Integer.toString(element));
      }
      if (race != null) {
        observation.highCardinalityKeyValue("race", race);
      }
      observation.start();
      return new ObservedStep(observation, race != null, observation.openScope());
    }

    @Override
    public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
      run.lowCardinalityKeyValue("outcome", outcome.name());
      if (outcome == RunEvent.Outcome.FAILED) {
        run.highCardinalityKeyValue("failed.step", failedStep);
        if (failure != null) {
          run.error(failure);
        }
      }
      run.stop();
    }
  }

  private static final class ObservedStep implements StepObservation {
    private final Observation observation;
    private final boolean racer;
    private final Observation.Scope scope;

    ObservedStep(Observation observation, boolean racer, Observation.Scope scope) {
      this.observation = observation;
      this.racer = racer;
      this.scope = scope;
    }

    @Override
    public void exit() {
      scope.close();
    }

    @Override
    public void end(RunEvent.Outcome outcome, Throwable failure, boolean won) {
      observation.lowCardinalityKeyValue("outcome", outcome.name());
      if (racer) {
        observation.highCardinalityKeyValue("race.won", Boolean.toString(won));
      }
      if (outcome == RunEvent.Outcome.FAILED && failure != null) {
        observation.error(failure);
      }
      observation.stop();
    }
  }
}
