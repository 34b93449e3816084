package dev.errands.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.WorkflowFailedException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ErrandsObservationsTest {
  private static final String WORKFLOW = "dev.errands.micrometer.ObservedProfile";

  /** The observations the registry handled, by name, in start order of attempt and element. */
  private static List<Observation.Context> contexts(TestObservationRegistry registry, String name) {
    List<Observation.Context> found = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(all -> all.stream()
        .filter(c -> c.getName().equals(name))
        .sorted(Comparator.comparing((Observation.Context c) -> String.valueOf(c.getContextualName()))
            .thenComparing(c -> key(c, "attempt")).thenComparing(c -> String.valueOf(key(c, "element"))))
        .forEach(found::add));
    return found;
  }

  private static String key(Observation.Context context, String key) {
    var value = context.getLowCardinalityKeyValue(key);
    if (value == null) {
      value = context.getHighCardinalityKeyValue(key);
    }
    return value == null ? null : value.getValue();
  }

  @Test
  void aRunAndEachExecutionAreObservationsNestedUnderTheCallersAndCurrentInTheStep() throws Exception {
    var registry = TestObservationRegistry.create();
    var orchestrator = new ObservedProfileOrchestrator(new ObservedProfile(registry), ErrandsObservations.options(registry));
    Observation request = Observation.start("http.server.requests", registry);
    ObservedProfileOrchestrator.Result result;
    try (var scope = request.openScope()) {
      result = orchestrator.run(42L);
    } finally {
      request.stop();
    }
    assertEquals(List.of(5, 6), result.lengths());
    assertEquals("fast", result.avatar());

    Observation.Context run = contexts(registry, ErrandsObservations.RUN).getFirst();
    assertSame(request.getContext(), run.getParentObservation().getContextView(), "the run's parent is the caller's");
    assertEquals("ObservedProfile", run.getContextualName());
    assertEquals(WORKFLOW, key(run, "workflow"));
    assertEquals("SUCCEEDED", key(run, "outcome"));

    List<Observation.Context> steps = contexts(registry, ErrandsObservations.STEP);
    List<String> seen = steps.stream().map(c -> c.getContextualName() + " #" + key(c, "attempt")
        + (key(c, "element") == null ? "" : "[" + key(c, "element") + "]") + " " + key(c, "outcome")
        + (key(c, "race") == null ? "" : " race " + key(c, "race") + " won " + key(c, "race.won"))).toList();
    assertEquals(List.of(
        "ObservedProfile.fastCdn #1 SUCCEEDED race avatar won true",
        "ObservedProfile.lengths #1[0] SUCCEEDED",
        "ObservedProfile.lengths #1[1] SUCCEEDED",
        "ObservedProfile.posts #1 FAILED",
        "ObservedProfile.posts #2 SUCCEEDED",
        "ObservedProfile.slowCdn #1 CANCELLED race avatar won false",
        "ObservedProfile.user #1 SUCCEEDED"), seen);
    for (Observation.Context step : steps) {
      assertSame(run, step.getParentObservation().getContextView(), step.getContextualName());
      assertEquals(WORKFLOW, key(step, "workflow"));
      assertEquals(List.of("outcome", "step", "workflow"),
          step.getLowCardinalityKeyValues().stream().map(kv -> kv.getKey()).sorted().toList(), "one set of tags for every step");
    }
    assertEquals("connection reset", steps.get(3).getError().getMessage());
    assertNull(steps.get(5).getError(), "a lost race is no error");

    Observation.Context client = contexts(registry, "http.client.requests").getFirst();
    assertSame(steps.get(6), client.getParentObservation().getContextView(), "the client's observation nests under the step's");
    assertNull(registry.getCurrentObservation(), "nothing left current on the caller");
  }

  @Test
  void aFailedStepAndItsRunCarryTheError() {
    var registry = TestObservationRegistry.create();
    var e = assertThrows(WorkflowFailedException.class,
        () -> new ObservedFailureOrchestrator(new ObservedFailure(), ErrandsObservations.options(registry)).run());

    Observation.Context step = contexts(registry, ErrandsObservations.STEP).getFirst();
    assertEquals("FAILED", key(step, "outcome"));
    assertSame(e.getCause(), step.getError());
    Observation.Context run = contexts(registry, ErrandsObservations.RUN).getFirst();
    assertEquals("FAILED", key(run, "outcome"));
    assertEquals("broken", key(run, "failed.step"));
    assertSame(e.getCause(), run.getError());
    assertNull(run.getParentObservation(), "nothing was current: the run's is a root");
  }

  @Test
  void withAMeterRegistryEachStepIsATimerTaggedWorkflowStepOutcome() throws Exception {
    var meters = new SimpleMeterRegistry();
    var registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));

    new ObservedProfileOrchestrator(new ObservedProfile(registry), ErrandsObservations.options(registry)).runAsync(7L).get();

    Timer posts = meters.get("errands.step").tags("workflow", WORKFLOW, "step", "posts", "outcome", "FAILED").timer();
    assertEquals(1, posts.count());
    assertEquals(1, meters.get("errands.step").tags("workflow", WORKFLOW, "step", "posts", "outcome", "SUCCEEDED").timer().count());
    assertEquals(2, meters.get("errands.step").tags("step", "lengths").timer().count());
    assertEquals(1, meters.get("errands.step").tags("step", "slowCdn", "outcome", "CANCELLED").timer().count());
    assertEquals(1, meters.get("errands.run").tags("workflow", WORKFLOW, "outcome", "SUCCEEDED").timer().count());
  }

  @Test
  void aNoopRegistryObservesNothing() throws Exception {
    var options = RunOptions.builder().observe(ErrandsObservations.create(ObservationRegistry.NOOP)).build();
    assertNull(ErrandsObservations.create(ObservationRegistry.NOOP).startRun(WORKFLOW));
    assertEquals("user-1", new ObservedProfileOrchestrator(new ObservedProfile(ObservationRegistry.NOOP), options).run(1L).user());
  }
}
