package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Independent steps overlap; a step starts once everything it waits for has succeeded. */
@Timeout(10)
class ParallelAndSequentialTest {

  /** Each step waits until all three are running: one after another, none would get past that. */
  @Test
  void independentStepsAllRunAtTheSameTime() throws Exception {
    var probe = new Probe();
    var allThree = new CountDownLatch(3);
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.meets("a", allThree, 100))
        .step("b", after(), probe.meets("b", allThree, 150))
        .step("c", after(), probe.meets("c", allThree, 200))
        .build(values(3));

    assertEquals(List.of(100, 150, 200), wf.run(SERVICE, RunOptions.defaults()));
    probe.assertNoneRunning();
  }

  @Test
  void aChainPassesEachResultToTheNextAndRunsOneLinkAtATime() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC, "x")
        .step("a", after(), probe.step("a", in -> in.input(0) + "a"))
        .step("b", after(0), probe.step("b", in -> in.result(0) + "b"))
        .step("c", after(1), probe.step("c", in -> in.result(1) + "c"))
        .build(values(3));

    assertEquals(List.of("xa", "xab", "xabc"), wf.run(SERVICE, RunOptions.defaults(), "x"));
    assertEquals(List.of("ya", "yab", "yabc"), wf.run(SERVICE, RunOptions.defaults(), "y"));
    assertEquals(
        List.of("start:a", "end:a", "start:b", "end:b", "start:c", "end:c"),
        probe.log().subList(0, 6));
  }

  @Test
  void inADiamondTheMiddleStepsOverlapAndTheLastGetsBothResults() throws Exception {
    var probe = new Probe();
    var bothInTheMiddle = new CyclicBarrier(2);
    var wf = Workflow.builder(SVC)
        .step("a", after(), probe.step("a", in -> 1))
        .step("b", after(0), probe.step("b", in -> {
          bothInTheMiddle.await(5, TimeUnit.SECONDS); // times out unless c runs at the same time
          return (int) in.result(0) + 10;
        }))
        .step("c", after(0), probe.step("c", in -> {
          bothInTheMiddle.await(5, TimeUnit.SECONDS);
          return (int) in.result(0) + 100;
        }))
        .step("d", after(1, 2), probe.step("d", in -> (int) in.result(1) + (int) in.result(2)))
        .build(values(4));

    assertEquals(List.of(1, 11, 101, 112), wf.run(SERVICE, RunOptions.defaults()));
    assertTrue(probe.indexOf("start:d") > probe.indexOf("end:b"));
    assertTrue(probe.indexOf("start:d") > probe.indexOf("end:c"));
    for (String step : List.of("a", "b", "c", "d")) {
      assertEquals(1, probe.starts(step), step + " runs once");
    }
  }

  @Test
  void aStepWaitsForTheSlowestOfWhatItWaitsFor() throws Exception {
    var probe = new Probe();
    var wf = Workflow.builder(SVC)
        .step("fast", after(), probe.step("fast", in -> "f"))
        .step("slow", after(), probe.step("slow", in -> {
          probe.awaitLog("end:fast"); // so slow surely ends last
          return "s";
        }))
        .step("join", after(0, 1), probe.step("join", in -> "" + in.result(0) + in.result(1)))
        .build(values(3));

    assertEquals(Arrays.asList("f", "s", "fs"), wf.run(SERVICE, RunOptions.defaults()));
    assertTrue(probe.indexOf("start:join") > probe.indexOf("end:slow"), probe.log().toString());
  }

  @Test
  void voidStepsGiveNullAndAnEmptyWorkflowReturnsAtOnce() throws Exception {
    var wf = Workflow.builder(SVC).step("v", after(), (s, in) -> null).build(values(1));
    assertEquals(Arrays.asList((Object) null), wf.run(SERVICE, RunOptions.defaults()));

    var empty = Workflow.builder(SVC).build(in -> "nothing to do");
    assertEquals("nothing to do", empty.run(SERVICE, RunOptions.defaults()));
    assertEquals("nothing to do", empty.runAsync(SERVICE, RunOptions.defaults()).get(5, TimeUnit.SECONDS));
  }

  @Test
  void inputsAreCheckedAndDescribed() {
    var wf = Workflow.builder(SVC, "userId", "city")
        .step("a", after(), (s, in) -> in.input(1))
        .step("b", after(0), (s, in) -> in.result(0))
        .build(values(2));
    assertThrows(IllegalArgumentException.class, () -> wf.run(SERVICE, RunOptions.defaults(), 1L));
    assertThrows(IllegalArgumentException.class, () -> wf.runAsync(SERVICE, RunOptions.defaults()));
    assertEquals(List.of("userId", "city"), wf.inputs());
    assertEquals(List.of("a", "b"), wf.nodes());
    assertEquals(List.of("a", "b"), wf.tasks());
    assertEquals(SVC, wf.name());
  }

  @Test
  void theBuilderRejectsWhatCannotRun() {
    StepBody<Object> body = (s, in) -> null;
    assertThrows(IllegalArgumentException.class,
        () -> Workflow.builder(SVC).step("a", after(1), body).step("b", after(0), body).build(values(2)),
        "a cycle");
    assertThrows(IllegalArgumentException.class,
        () -> Workflow.builder(SVC).step("a", after(5), body).build(values(1)),
        "a node that does not exist");
    assertThrows(IllegalArgumentException.class,
        () -> Workflow.builder(SVC).step("a", after(), body).racer(0, "r", after(), body),
        "a racer of a step");
    assertThrows(IllegalArgumentException.class,
        () -> Workflow.builder(SVC).race("r", Wins.FIRST_TO_SETTLE, after()).racer(0, "x", after(0), body),
        "a racer with its own after");
    assertThrows(IllegalStateException.class,
        () -> Workflow.builder(SVC).race("r", Wins.FIRST_TO_SETTLE, after()).build(values(1)),
        "a race without racers");
    assertThrows(IllegalArgumentException.class, () -> Workflow.builder(SVC).timeout(0, TimeUnit.SECONDS));
    assertThrows(IllegalArgumentException.class, () -> after().timeout(-1, TimeUnit.MILLISECONDS));
  }
}
