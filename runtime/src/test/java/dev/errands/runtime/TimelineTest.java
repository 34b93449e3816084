package dev.errands.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent.Outcome;
import dev.errands.runtime.RunEvent.RaceDecided;
import dev.errands.runtime.RunEvent.RunEnded;
import dev.errands.runtime.RunEvent.RunStarted;
import dev.errands.runtime.RunEvent.StepEnded;
import dev.errands.runtime.RunEvent.StepStarted;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final long MS = 1_000_000;
  private static final String W = "com.acme.PizzaRace";

  /** A pizza race over 300 ms: luigis wins at 240 ms, marios is cancelled, dinner follows. */
  private static List<RunEvent> pizzaRace() {
    return List.of(
        new RunStarted(7, W, 0),
        new StepStarted(7, W, "luigis", "pizza", 1, -1, "PizzaRace.luigis", 0),
        new StepStarted(7, W, "marios", "pizza", 1, -1, "PizzaRace.marios", 0),
        new StepEnded(7, W, "luigis", "pizza", 1, -1, Outcome.SUCCEEDED, null, "PizzaRace.luigis", 0, 240 * MS),
        new RaceDecided(7, W, "pizza", "luigis", true, 240 * MS),
        new StepStarted(7, W, "dinner", null, 1, -1, "PizzaRace.luigis", 240 * MS),
        new StepEnded(7, W, "marios", "pizza", 1, -1, Outcome.CANCELLED, null, "PizzaRace.marios", 0, 246 * MS),
        new StepEnded(7, W, "dinner", null, 1, -1, Outcome.SUCCEEDED, null, "PizzaRace.luigis", 240 * MS, 300 * MS),
        new RunEnded(7, W, Outcome.SUCCEEDED, null, List.of(), 0, 300 * MS));
  }

  @Test
  void rendersARaceAsText() {
    assertEquals("""
        PizzaRace: SUCCEEDED in 300 ms
                0 ms                                        300 ms
        luigis  |██████████████████████████████████████          |  240 ms  won race pizza
        marios  |░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░         |  246 ms  lost race pizza, cancelled
        dinner  |                                      ██████████|   60 ms  succeeded
        """, Timeline.render(pizzaRace()));
  }

  @Test
  void rendersAHedgedRaceWithWhenEachRacerStartedAndWhichNeverStarted() {
    List<RunEvent> events = List.of(
        new RunStarted(8, W, 0),
        new StepStarted(8, W, "primary", "page", 1, -1, "t", 0),
        new StepStarted(8, W, "mirror", "page", 1, -1, "t", 50 * MS),
        new StepEnded(8, W, "mirror", "page", 1, -1, Outcome.SUCCEEDED, null, "t", 50 * MS, 62 * MS),
        new RaceDecided(8, W, "page", "mirror", true, 62 * MS, List.of("backup")),
        new StepEnded(8, W, "primary", "page", 1, -1, Outcome.CANCELLED, null, "t", 0, 62 * MS),
        new RunEnded(8, W, Outcome.SUCCEEDED, null, List.of(), 0, 62 * MS));
    assertEquals("""
        PizzaRace: SUCCEEDED in 62 ms
                 0 ms                                         62 ms
        primary  |░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░|   62 ms  lost race page, cancelled
        mirror   |                                       █████████|   12 ms  won race page, started at 50 ms
        backup   |                                                |          never started (race decided)
        """, Timeline.render(events));
    String svg = Timeline.svg(events);
    assertEquals(2, svg.split("<rect x=").length - 1, "no bar for the racer that never started: " + svg);
    assertTrue(svg.contains("never started (race decided)"), svg);
  }

  @Test
  void rendersTheRacersOfARaceLeftUndecidedWhenTheRunEndedAsNeverStarted() {
    List<RunEvent> events = List.of(
        new RunStarted(9, W, 0),
        new StepStarted(9, W, "primary", "page", 1, -1, "t", 0),
        new StepStarted(9, W, "other", null, 1, -1, "t", 0),
        new StepEnded(9, W, "other", null, 1, -1, Outcome.FAILED, new IOException("down"), "t", 0, 20 * MS),
        new StepEnded(9, W, "primary", "page", 1, -1, Outcome.CANCELLED, null, "t", 0, 24 * MS),
        new RunEnded(9, W, Outcome.FAILED, "other", List.of(), 0, 24 * MS, java.util.Map.of("page", List.of("mirror", "backup"))));
    assertEquals("""
        PizzaRace: FAILED (other) in 24 ms
                 0 ms                                         24 ms
        primary  |░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░|   24 ms  cancelled
        mirror   |                                                |          never started (run ended)
        backup   |                                                |          never started (run ended)
        other    |████████████████████████████████████████        |   20 ms  failed: IOException: down
        """, Timeline.render(events));
    assertTrue(Timeline.svg(events).contains("never started (run ended)"));
  }

  @Test
  void aRunEndedKeepsTheRacesLeftUndecidedInOrderAndUnmodifiable() {
    var races = new java.util.LinkedHashMap<String, List<String>>();
    races.put("b", new java.util.ArrayList<>(List.of("b2")));
    races.put("a", List.of("a2", "a3"));
    var ended = new RunEnded(1, W, Outcome.CANCELLED, null, List.of(), 0, 1, races);
    races.get("b").add("b3");
    assertEquals(List.of("b", "a"), List.copyOf(ended.neverStarted().keySet()));
    assertEquals(List.of("b2"), ended.neverStarted().get("b"), "a copy");
    assertEquals(java.util.Map.of(), new RunEnded(1, W, Outcome.SUCCEEDED, null, List.of(), 0, 1).neverStarted());
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> ended.neverStarted().clear());
  }

  @Test
  void rendersAFailure() {
    List<RunEvent> events = List.of(
        new RunStarted(1, W, 0),
        new StepStarted(1, W, "a", null, 1, -1, "t", 0),
        new StepStarted(1, W, "b", null, 1, -1, "t", 0),
        new StepEnded(1, W, "a", null, 1, -1, Outcome.FAILED, new IOException("closed"), "t", 0, 5 * MS),
        new StepEnded(1, W, "b", null, 1, -1, Outcome.CANCELLED, null, "t", 0, 10 * MS),
        new RunEnded(1, W, Outcome.FAILED, "a", List.of(), 0, 10 * MS));
    assertEquals("""
        PizzaRace: FAILED (a) in 10 ms
           0 ms                                         10 ms
        a  |████████████████████████                        |    5 ms  failed: IOException: closed
        b  |░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░|   10 ms  cancelled
        """, Timeline.render(events));
  }

  @Test
  void drawsAnSvgWithOneBarPerStep() {
    String svg = Timeline.svg(pizzaRace());
    assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
    assertEquals(3, svg.split("<rect x=").length - 1, svg);
    assertTrue(svg.contains("won race pizza"), svg);
    assertTrue(svg.contains("#9e9e9e"), "the cancelled loser is grey");
    assertTrue(svg.strip().endsWith("</svg>"));
  }

  @Test
  void followsTheLastRunThatEnded() throws InterruptedException {
    var timeline = new Timeline();
    var workflow = Workflow.<Object>builder("com.acme.Tiny")
        .step("only", StepOptions.after(), (service, in) -> "done")
        .build(in -> in.result(0));
    var options = RunOptions.builder().listener(timeline).build();
    workflow.run(new Object(), options);
    workflow.run(new Object(), options);

    String text = timeline.render();
    assertTrue(text.startsWith("Tiny: SUCCEEDED in "), text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("only")).count(), text);
    assertEquals(2, timeline.events().stream().filter(e -> e instanceof RunEnded).count());
  }
}
