package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.SVC;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races: FIRST_TO_SETTLE (Promise.race) and FIRST_TO_SUCCEED (Promise.any). Losers are interrupted;
 * dependents of a race do not wait for them, but the run does.
 */
@Timeout(10)
class RaceTest {

  @Test
  void firstToSettleTakesTheWinnersValueAndInterruptsTheLosers() throws Exception {
    var probe = new Probe();
    var losersRunning = new CountDownLatch(2);
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "slow1", after(), probe.step("slow1", in -> {
          losersRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow1";
        }))
        .racer(0, "fast", after(), probe.step("fast", in -> {
          losersRunning.await();
          return "fast";
        }))
        .racer(0, "slow2", after(), probe.step("slow2", in -> {
          losersRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow2";
        }))
        .step("use", after(0), probe.step("use", in -> "used " + in.result(0)))
        .build(values(2));

    assertEquals(List.of("fast", "used fast"), wf.run(SERVICE, RunOptions.defaults()));
    assertEquals(Set.of("slow1", "slow2"), probe.interrupted());
    probe.assertNoneRunning();
  }

  @Test
  void firstToSettleIsDecidedByAFailingFirstRacerNamedByTheRacer() throws Exception {
    var probe = new Probe();
    var boom = new IOException("boom");
    var loserRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("fetch", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "slow", after(), probe.step("slow", in -> {
          loserRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow";
        }))
        .racer(0, "fails", after(), probe.step("fails", in -> {
          loserRunning.await();
          throw boom;
        }))
        .step("use", after(0), probe.step("use", in -> "never"))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertEquals("fails", e.step());
    assertSame(boom, e.getCause());
    assertEquals(Set.of("slow"), probe.interrupted());
    assertEquals(0, probe.starts("use"));
    assertArrayEquals(new Throwable[0], boom.getSuppressed());
    probe.assertNoneRunning();
  }

  /**
   * The loser ignores its interrupt until the race's dependent has started: if dependents waited
   * for losers, this would deadlock until the loser's own 5 s limit.
   */
  @Test
  void dependentsOfARaceStartBeforeTheLosersHaveEndedButRunWaitsForThem() throws Exception {
    var probe = new Probe();
    var loserRunning = new CountDownLatch(1);
    var dependentStarted = new CountDownLatch(1);
    boolean[] loserSawDependent = new boolean[1];
    var wf = Workflow.builder(SVC)
        .step("before", after(), probe.step("before", in -> "input"))
        .race("fetch", Wins.FIRST_TO_SETTLE, after(0))
        .racer(1, "winner", after(), probe.step("winner", in -> {
          loserRunning.await();
          return "won with " + in.result(0);
        }))
        .racer(1, "loser", after(), probe.step("loser", in -> {
          loserRunning.countDown();
          probe.awaitInterrupt("loser");
          loserSawDependent[0] = dependentStarted.await(5, TimeUnit.SECONDS);
          return "lost";
        }))
        .step("use", after(1), probe.step("use", in -> {
          dependentStarted.countDown();
          return "used";
        }))
        .build(values(3));

    List<Object> result = wf.run(SERVICE, RunOptions.defaults());
    probe.note("returned");
    assertEquals(List.of("input", "won with input", "used"), result);
    assertTrue(loserSawDependent[0], "the dependent did not start before the loser ended");
    assertEquals(Set.of("loser"), probe.interrupted());
    assertTrue(probe.indexOf("end:loser") < probe.indexOf("returned"), "run returned before the loser ended");
    probe.assertNoneRunning();
  }

  /**
   * A loser that swallows its interrupt and keeps running for 300 ms: the run succeeds with the
   * winner's value, but run returns only once that loser has ended (no step outlives its run).
   */
  @Test
  void aLoserThatSwallowsItsInterruptKeepsTheRunWaitingUntilItEnds() throws Exception {
    var probe = new Probe();
    var deafRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "fast", after(), probe.step("fast", in -> {
          deafRunning.await();
          return "fast";
        }))
        .racer(0, "deaf", after(), probe.step("deaf", in -> {
          deafRunning.countDown();
          probe.ignoreInterruptsFor("deaf", 300); // a run that did not wait would return long before
          return "deaf";
        }))
        .build(values(1));

    assertEquals(List.of("fast"), wf.run(SERVICE, RunOptions.defaults()));
    probe.note("returned");
    assertTrue(probe.indexOf("end:deaf") < probe.indexOf("returned"), "run returned before the loser ended");
    assertEquals(Set.of("deaf"), probe.interrupted());
    probe.assertNoneRunning();
  }

  @Test
  void firstToSucceedWaitsOutFailuresAndTakesTheFirstSuccess() throws Exception {
    var probe = new Probe();
    var slowRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("any", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "failsFast", after(), probe.step("failsFast", in -> {
          throw new IOException("fails at once");
        }))
        .racer(0, "succeeds", after(), probe.step("succeeds", in -> {
          slowRunning.await();
          probe.awaitEvent("StepEnded failsFast FAILED"); // the failure came first: it must not decide the race
          return "succeeded";
        }))
        .racer(0, "slow", after(), probe.step("slow", in -> {
          slowRunning.countDown();
          Probe.blockUntilInterrupted();
          return "slow";
        }))
        .step("use", after(0), probe.step("use", in -> "used " + in.result(0)))
        .build(values(2));

    assertEquals(List.of("succeeded", "used succeeded"), wf.run(SERVICE, probe.options()));
    assertEquals(Set.of("slow"), probe.interrupted());
    assertTrue(probe.indexOf("end:failsFast") < probe.indexOf("end:succeeds"));
    probe.assertNoneRunning();
  }

  @Test
  void firstToSucceedFailsWhenAllFailWithTheFirstFailureInTimeAndTheOthersSuppressedInOrder()
      throws Exception {
    var probe = new Probe();
    // Source order a, b, c; failure order b, c, a: each fails once the engine has the one before.
    var a = new IOException("a, third");
    var b = new IllegalStateException("b, first");
    var c = new FailureAndCancellationTest.StepError("c, second");
    var wf = Workflow.builder(SVC)
        .race("any", Wins.FIRST_TO_SUCCEED, after())
        .racer(0, "a", after(), probe.step("a", in -> {
          probe.awaitEvent("StepEnded c FAILED");
          throw a;
        }))
        .racer(0, "b", after(), probe.step("b", in -> {
          throw b;
        }))
        .racer(0, "c", after(), probe.step("c", in -> {
          probe.awaitEvent("StepEnded b FAILED");
          throw c;
        }))
        .step("use", after(0), probe.step("use", in -> "never"))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, probe.options()));
    assertEquals("any", e.step());
    assertSame(b, e.getCause());
    assertArrayEquals(new Throwable[] {c, a}, b.getSuppressed());
    assertEquals(Set.of(), probe.interrupted(), "every racer failed by itself");
    assertEquals(0, probe.starts("use"));
  }

  @Test
  void aRaceStartsOnlyAfterWhatItWaitsForAndNeverAfterAFailure() throws Exception {
    var probe = new Probe();
    var boom = new IllegalStateException("boom");
    var wf = Workflow.builder(SVC)
        .step("fails", after(), probe.step("fails", in -> {
          throw boom;
        }))
        .race("race", Wins.FIRST_TO_SETTLE, after(0))
        .racer(1, "r1", after(), probe.step("r1", in -> "r1"))
        .racer(1, "r2", after(), probe.step("r2", in -> "r2"))
        .build(values(2));

    var e = assertThrows(WorkflowFailedException.class, () -> wf.run(SERVICE, RunOptions.defaults()));
    assertSame(boom, e.getCause());
    assertEquals(0, probe.starts("r1") + probe.starts("r2"));
  }

  @Test
  void aLoserFailingAfterTheRaceWasWonDoesNotFailTheRun() throws Exception {
    var probe = new Probe();
    var loserRunning = new CountDownLatch(1);
    var wf = Workflow.builder(SVC)
        .race("race", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "winner", after(), probe.step("winner", in -> {
          loserRunning.await();
          return "won";
        }))
        .racer(0, "late", after(), probe.step("late", in -> {
          loserRunning.countDown();
          probe.awaitInterrupt("late"); // the race is won
          throw new IOException("too late");
        }))
        .build(values(1));

    assertEquals(List.of("won"), wf.run(SERVICE, RunOptions.defaults()));
    assertEquals(Set.of("late"), probe.interrupted());
    probe.assertNoneRunning();
  }
}
