package dev.errands.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errands.runtime.RunEvent;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random workflows under random orders of events, on the schedule alone: see {@link Simulation}
 * for what is generated and what is checked after every event.
 *
 * <p>The normal build runs {@value #DEFAULT_RUNS} seeds in a few seconds. A failing seed is in the
 * assertion's message, with the workflow and the trace; replay it alone with {@code mvn -pl runtime
 * test -Dtest=SimulationTest -Derrands.simulation.seed=<seed>}, and run many more seeds with {@code
 * -Derrands.simulation.runs=1000000} (from {@code -Derrands.simulation.from=<first seed>}, 0 by
 * default).
 */
class SimulationTest {
  static final int DEFAULT_RUNS = 20_000;

  @Test
  void randomWorkflowsUnderRandomOrdersOfEventsKeepEveryInvariant() {
    String only = System.getProperty("errands.simulation.seed");
    if (only != null) {
      var simulation = new Simulation(Long.parseLong(only)).run();
      System.out.println(simulation.describe() + "\n" + simulation.trace());
      return;
    }
    long runs = Long.getLong("errands.simulation.runs", DEFAULT_RUNS);
    long from = Long.getLong("errands.simulation.from", 0);
    Map<RunEvent.Outcome, Integer> outcomes = new EnumMap<>(RunEvent.Outcome.class);
    long events = 0;
    for (long seed = from; seed < from + runs; seed++) {
      var simulation = new Simulation(seed).run();
      events += simulation.events();
      outcomes.merge(simulation.outcome(), 1, Integer::sum);
      if (seed % 50 == 0) {
        assertEquals(simulation.trace(), new Simulation(seed).run().trace(), "seed " + seed + " replays differently");
      }
    }
    System.out.println("SimulationTest: " + runs + " runs from seed " + from + ", " + events + " events, " + outcomes);
  }
}
