package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.schedule.Graph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The identity of a declaration: what its fingerprint covers, and the graph a run rebuilds from it. */
class DeclarationsTest {

  @Test
  void theGraphARunRecordedIsTheGraphItStartedWith() {
    var workflows = new ArrayList<Workflow<?, ?>>(List.of(
        Services_DurableOrchestrator.workflow(), HandBuilt.BeyondThePeers.WORKFLOW, HandBuilt.FailingElement.WORKFLOW));
    for (long seed = 1; seed <= 300; seed++) {
      workflows.add(RandomWorkflows.generate(seed).workflow());
    }
    for (Workflow<?, ?> workflow : workflows) {
      Graph original = workflow.view().graph();
      Graph rebuilt = Declarations.graph(Declarations.of(workflow.name(), workflow.view()));
      assertEquals(describe(original), describe(rebuilt), workflow.toString());
    }
  }

  @Test
  void theFingerprintIgnoresSourceOrderOnly() {
    String base = fingerprint(false, "java.lang.String", 0);
    assertEquals(base, fingerprint(false, "java.lang.String", 0), "the same declaration, the same fingerprint");
    assertEquals(base, fingerprint(true, "java.lang.String", 0), "methods in another source order");
    assertNotEquals(base, fingerprint(false, "java.lang.Integer", 0), "a type");
    assertNotEquals(base, fingerprint(false, "java.lang.String", 5), "the class @Timeout");
  }

  @Test
  void everyOptionIsPartOfTheFingerprint() {
    String base = Declarations.fingerprint(option(after()).view());
    var changed = List.of(
        after(0), after().tolerated(), after().timeout(2, TimeUnit.SECONDS), after().async(),
        after().retry(3, 10, TimeUnit.MILLISECONDS, 2.0), after().retry(3, 10, TimeUnit.MILLISECONDS, 2.0, IOException.class),
        after().retry(2, 10, TimeUnit.MILLISECONDS, 2.0), after(0).eachOf(0), after(0).eachOf(0).limit(2), after().eachOfInput(0));
    var seen = new ArrayList<String>();
    for (StepOptions options : changed) {
      String fingerprint = Declarations.fingerprint(option(options).view());
      assertNotEquals(base, fingerprint, String.valueOf(options));
      assertTrue(!seen.contains(fingerprint), "a fingerprint of its own for each option");
      seen.add(fingerprint);
    }
    Workflow<Object, Object> settle = Workflow.builder("com.acme.R", "order")
        .race("r", Wins.FIRST_TO_SETTLE, after()).racer(0, "a", (s, in) -> null).racer(0, "b", (s, in) -> null)
        .build(in -> null);
    Workflow<Object, Object> succeed = Workflow.builder("com.acme.R", "order")
        .race("r", Wins.FIRST_TO_SUCCEED, after()).racer(0, "a", (s, in) -> null).racer(0, "b", (s, in) -> null)
        .build(in -> null);
    assertNotEquals(Declarations.fingerprint(settle.view()), Declarations.fingerprint(succeed.view()), "the race kind");
    Workflow<Object, Object> hedged = Workflow.builder("com.acme.R", "order")
        .race("r", Wins.FIRST_TO_SETTLE, after().hedge(20, TimeUnit.MILLISECONDS))
        .racer(0, "a", (s, in) -> null).racer(0, "b", (s, in) -> null)
        .build(in -> null);
    Workflow<Object, Object> hedgedLater = Workflow.builder("com.acme.R", "order")
        .race("r", Wins.FIRST_TO_SETTLE, after().hedge(50, TimeUnit.MILLISECONDS))
        .racer(0, "a", (s, in) -> null).racer(0, "b", (s, in) -> null)
        .build(in -> null);
    assertNotEquals(Declarations.fingerprint(settle.view()), Declarations.fingerprint(hedged.view()), "hedged or not");
    assertNotEquals(Declarations.fingerprint(hedged.view()), Declarations.fingerprint(hedgedLater.view()), "the hedge delay");
    var declaration = Declarations.of("com.acme.R", hedged.view());
    assertTrue(declaration.summary().contains("race r, FIRST_TO_SETTLE, hedged after 20 ms, racers [a, b]"), declaration.summary());
    assertEquals(20_000_000L, Declarations.graph(declaration).hedgeNanos(0), "the rebuilt graph hedges as the run started");
    var changes = Declarations.changes(declaration, Declarations.of("com.acme.R", hedgedLater.view()));
    assertEquals(List.of("race 'r' changed: the run started with 'race r, FIRST_TO_SETTLE, hedged after 20 ms, racers [a, b], after []',"
        + " now 'race r, FIRST_TO_SETTLE, hedged after 50 ms, racers [a, b], after []'"),
        changes.stream().map(Declarations.Change::text).toList());
  }

  @Test
  void aRaceThatDoesNotHedgeKeepsTheFingerprintItHadBeforeHedgedRacesExisted() {
    Workflow<Object, Object> race = Workflow.builder("com.acme.R", "order")
        .race("r", Wins.FIRST_TO_SETTLE, after()).racer(0, "a", (s, in) -> null).racer(0, "b", (s, in) -> null)
        .build(in -> null);
    var declaration = Declarations.of("com.acme.R", race.view());
    assertTrue(declaration.summary().contains("race r, FIRST_TO_SETTLE, racers [a, b], after []"), declaration.summary());
    assertTrue(!declaration.summary().contains("hedged"), declaration.summary());
  }

  @Test
  void whatAStepTakesIsPartOfTheFingerprintWhenTheDeclarationSaysIt() {
    String none = Declarations.fingerprint(takes(null, null).view());
    assertEquals(none, Declarations.fingerprint(takes(null, null).view()));
    String nothing = Declarations.fingerprint(takes(new int[] {}, new int[] {}).view());
    String result = Declarations.fingerprint(takes(new int[] {}, new int[] {0}).view());
    String input = Declarations.fingerprint(takes(new int[] {1}, new int[] {}).view());
    // A step that gains (or loses) a parameter receives other arguments: a run started on one
    // declaration is not continued on the other, where the step would read what it was not sent.
    assertEquals(4, List.of(none, nothing, result, input).stream().distinct().count(), "each a fingerprint of its own");

    var declaration = Declarations.of("com.acme.Audit", takes(new int[] {1}, new int[] {0}).view());
    Wire.Task done = declaration.tasks().get(1);
    assertEquals(List.of("id"), done.inputs());
    assertEquals(List.of("audit"), done.results());
    assertTrue(declaration.summary().contains("step done, after [audit], takes [audit, input id]"), declaration.summary());
    var changes = Declarations.changes(declaration, Declarations.of("com.acme.Audit", takes(new int[] {}, new int[] {}).view()));
    assertEquals(List.of("step 'done' changed: the run started with 'step done, after [audit], takes [audit, input id]',"
        + " now 'step done, after [audit], takes []'"), changes.stream().map(Declarations.Change::text).toList());

    var handBuilt = Declarations.of("com.acme.Audit", takes(null, null).view());
    assertEquals(null, handBuilt.tasks().get(1).inputs(), "a hand-built declaration does not say: every input is sent");
    assertEquals(null, handBuilt.tasks().get(1).results());
    assertTrue(!handBuilt.summary().contains("takes"), handBuilt.summary());
  }

  /** "done" after "audit", with inputs "big" and "id"; what "done" takes, when not null. */
  private static Workflow<Object, Object> takes(int[] inputs, int[] results) {
    Workflow.Builder<Object> b = Workflow.builder("com.acme.Audit", "big", "id")
        .step("audit", after(), (s, in) -> null)
        .step("done", after(0), (s, in) -> null);
    if (inputs != null) {
      b.takes("done", inputs, results);
    }
    return b.build(in -> null);
  }

  @Test
  void theProcessorRecordsTypes() {
    var view = Services_DurableOrchestrator.workflow().view();
    var declaration = Declarations.of(view.name(), view);
    assertTrue(declaration.inputs().stream().allMatch(input -> input.type() != null), declaration.summary());
    assertTrue(declaration.tasks().stream().allMatch(task -> task.type() != null), declaration.summary());
    assertTrue(declaration.summary().contains(": dev.errands.temporal.Services.Receipt"), declaration.summary());
  }

  @Test
  void whatChangedIsSaidByName() {
    var before = Declarations.of("com.acme.Shop", declare(false, "java.lang.String", 0).view());
    var after = Declarations.of("com.acme.Shop", option(after().tolerated()).view());
    var changes = Declarations.changes(before, after).stream().map(Declarations.Change::text).toList();
    assertTrue(changes.contains("step 'first' changed: the run started with 'step first: java.lang.String, after []',"
        + " now 'step first, after [], tolerated'"), changes.toString());
    assertTrue(changes.contains("step 'second' of the declaration this run started with is not in this worker's"), changes.toString());
  }

  private static String fingerprint(boolean swapped, String secondType, long timeoutSeconds) {
    return Declarations.fingerprint(declare(swapped, secondType, timeoutSeconds).view());
  }

  /** Two steps, "second" after "first", and an input, declared in one source order or the other, with types. */
  private static Workflow<Object, Object> declare(boolean swapped, String secondType, long timeoutSeconds) {
    Workflow.Builder<Object> b = Workflow.builder("com.acme.Shop", "order");
    if (timeoutSeconds > 0) {
      b.timeout(timeoutSeconds, TimeUnit.SECONDS);
    }
    if (!swapped) {
      return b.types("java.lang.String", "java.lang.String", secondType)
          .step("first", after(), (s, in) -> null).step("second", after(0), (s, in) -> null).build(in -> null);
    }
    return b.types("java.lang.String", secondType, "java.lang.String")
        .step("second", after(1), (s, in) -> null).step("first", after(), (s, in) -> null).build(in -> null);
  }

  /** One step "first" with {@code options}, after which "second" may be iterated; no types. */
  private static Workflow<Object, Object> option(StepOptions options) {
    return Workflow.builder("com.acme.Shop", "order")
        .step("zero", after(), (s, in) -> null)
        .step("first", options, (s, in) -> null)
        .build(in -> null);
  }

  private static String describe(Graph g) {
    var s = new StringBuilder(g.workflow()).append(" inputs ").append(g.inputs()).append('\n');
    for (int n = 0; n < g.nodes(); n++) {
      s.append("node ").append(n).append(' ').append(g.nodeName(n)).append(" after ").append(Arrays.toString(g.after(n)))
          .append(" wins ").append(g.wins(n)).append(" tolerated ").append(g.tolerated(n)).append(" hedge ").append(g.hedgeNanos(n))
          .append(" tasks ").append(Arrays.toString(g.tasksOf(n))).append('\n');
    }
    for (int t = 0; t < g.tasks(); t++) {
      var r = g.retry(t);
      s.append("task ").append(t).append(' ').append(g.taskName(t)).append(" node ").append(g.taskNode(t))
          .append(" retry ").append(r == null ? "-" : r.attempts() + "/" + r.delayNanos() + "/" + r.multiplier())
          .append(" each ").append(g.eachNode(t)).append('/').append(g.eachInput(t)).append(" limit ").append(g.limit(t)).append('\n');
    }
    return s.toString();
  }
}
