package dev.errands.runtime.schedule;

import static dev.errands.runtime.schedule.Driver.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.FailedElement;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.StepOptions;
import dev.errands.runtime.StepOptions.RetryPolicy;
import dev.errands.runtime.Wins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of a run in CONTRACT.md, one test each, on the schedule alone: no thread, no clock,
 * no sleep. Each test tells the schedule what happened and checks what it asked for.
 */
class ScheduleTest {
  private static final String W = "com.acme.W";

  private static Graph.Builder graph(int inputs) {
    return Graph.builder(W, inputs);
  }

  private static Graph.Builder graph() {
    return graph(0);
  }

  private static Graph.Builder step(Graph.Builder g, String name, int... after) {
    return g.step(name, after, false, null, -1, -1, 0);
  }

  private static RetryPolicy retry(int attempts, long delayNanos, double multiplier, Class<?>... on) {
    return new StepOptions.RetryPolicy(attempts, delayNanos, multiplier,
        List.of(on.length == 0 ? new Class<?>[] {Exception.class} : on));
  }

  private static Schedule decided(Driver d) {
    assertTrue(d.schedule.isDecided(), d.schedule.toString());
    return d.schedule;
  }

  @Nested
  class Starting {
    @Test
    void aStepStartsWhenItsAfterEntriesHaveSucceededNotBefore() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      step(g, "c", 0, 1);
      var d = new Driver(g.build());
      assertEquals(List.of("start a", "start b"), d.start());
      assertEquals(List.of("ended a SUCCEEDED"), d.ok("a", 1));
      assertEquals(List.of("ended b SUCCEEDED", "start c"), d.ok("b", 2));
      assertEquals(List.of("ended c SUCCEEDED"), d.ok("c", 3));
      assertEquals(RunEvent.Outcome.SUCCEEDED, decided(d).outcome());
      assertEquals(List.of(1, 2, 3), List.of(d.schedule.result(0), d.schedule.result(1), d.schedule.result(2)));
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void stepsThatBecomeReadyTogetherStartInSourceOrder() {
      var g = graph();
      step(g, "a");
      step(g, "y", 0);
      step(g, "x", 0);
      step(g, "z", 0);
      var d = new Driver(g.build());
      d.start();
      assertEquals(List.of("ended a SUCCEEDED", "start y", "start x", "start z"), d.ok("a", null));
    }

    @Test
    void anEmptyWorkflowIsDecidedAtOnce() {
      var d = new Driver(graph().build());
      assertEquals(List.of(), d.start());
      assertTrue(d.schedule.isFinished());
      assertEquals(RunEvent.Outcome.SUCCEEDED, d.schedule.outcome());
    }

    @Test
    void aStepRunsAtMostOnceEvenWhenTheEngineReportsItsEndTwice() {
      var g = graph();
      step(g, "a");
      step(g, "b", 0);
      var d = new Driver(g.build());
      d.start();
      d.ok("a", 1);
      assertEquals(List.of(), d.ok("a", 1));
      assertEquals(1, d.schedule.live());
    }

    @Test
    void aCancelledQueuedExecutionNeverBegins() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      var d = new Driver(g.build());
      d.start();
      d.fail("a", new IOException("a"));
      assertFalse(d.schedule.begin(d.x("b")), "b was given up before a thread took it");
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void anEngineMayDropAGivenUpExecutionWithoutRunningIt() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      var d = new Driver(g.build());
      d.start();
      d.fail("a", new IOException("a"));
      d.schedule.drop(d.x("b"));
      assertTrue(d.schedule.isFinished());
    }
  }

  @Nested
  class Races {
    private Driver race(Wins wins) {
      var g = graph();
      step(g, "before");
      g.race("r", after(0), wins, false);
      g.racer(1, "r1", null);
      g.racer(1, "r2", null);
      g.racer(1, "r3", null);
      step(g, "next", 1);
      var d = new Driver(g.build());
      d.start();
      return d;
    }

    @Test
    void racersStartTogetherOnceTheirAfterEntriesHaveSucceeded() {
      var d = race(Wins.FIRST_TO_SETTLE);
      assertEquals(List.of("ended before SUCCEEDED", "start r1", "start r2", "start r3"), d.ok("before", 0));
    }

    @Test
    void firstToSettleIsDecidedByTheFirstRacerToReturnItsLosersCancelledAndDependentsStartAtOnce() {
      var d = race(Wins.FIRST_TO_SETTLE);
      d.ok("before", 0);
      d.begin("r1").begin("r3");
      assertEquals(
          List.of("ended r2 SUCCEEDED", "race r: r2 succeeded", "cancel r1", "cancel r3", "start next"),
          d.ok("r2", "won"));
      assertEquals("won", d.schedule.result(1));
      assertEquals(List.of("ended r1 CANCELLED"), d.ok("r1", "late"), "a loser's value counts for nothing");
      assertEquals(List.of("ended r3 CANCELLED"), d.fail("r3", new InterruptedException()));
      d.ok("next", 1);
      assertTrue(d.schedule.isFinished());
      assertEquals("won", d.schedule.result(1));
    }

    @Test
    void firstToSettleDecidedByAFailureFailsTheRunNamingTheRacer() {
      var d = race(Wins.FIRST_TO_SETTLE);
      d.ok("before", 0);
      var boom = new IOException("r3");
      assertEquals(
          List.of("ended r3 FAILED", "race r: r3 failed", "cancel r1", "cancel r2"),
          d.fail("r3", boom));
      assertEquals(RunEvent.Outcome.FAILED, decided(d).outcome());
      assertEquals("r3", d.schedule.failedStep());
      assertSame(boom, d.schedule.failure());
    }

    @Test
    void firstToSucceedWaitsOutFailuresAndTheFirstToReturnWins() {
      var d = race(Wins.FIRST_TO_SUCCEED);
      d.ok("before", 0);
      assertEquals(List.of("ended r1 FAILED"), d.fail("r1", new IOException("r1")));
      assertEquals(List.of("ended r3 SUCCEEDED", "race r: r3 succeeded", "cancel r2", "start next"), d.ok("r3", "won"));
      assertEquals("won", d.schedule.result(1));
    }

    @Test
    void firstToSucceedWhoseRacersAllFailFailsWithTheFirstFailureInTimeTheOthersSuppressedInOrder() {
      var d = race(Wins.FIRST_TO_SUCCEED);
      d.ok("before", 0);
      var second = new IOException("r2");
      var first = new IOException("r3");
      var third = new IOException("r1");
      d.fail("r3", first);
      d.fail("r2", second);
      assertEquals(List.of("ended r1 FAILED", "race r: all failed"), d.fail("r1", third));
      assertEquals("r", decided(d).failedStep(), "the race's name");
      assertSame(first, d.schedule.failure());
      assertArrayEquals(new Throwable[] {second, third}, first.getSuppressed());
    }

    @Test
    void aRacersTimeoutDecidesAFirstToSettleRace() {
      var d = race(Wins.FIRST_TO_SETTLE);
      d.ok("before", 0);
      var timeout = d.timeOut("r2");
      assertEquals(List.of("cancel r2", "race r: r2 failed", "cancel r1", "cancel r3"), d.log());
      assertEquals("r2", decided(d).failedStep());
      assertSame(timeout, d.schedule.failure());
    }

    @Test
    void aRacersTimeoutIsWaitedOutInAFirstToSucceedRace() {
      var d = race(Wins.FIRST_TO_SUCCEED);
      d.ok("before", 0);
      d.timeOut("r2");
      assertEquals(List.of("cancel r2"), d.log());
      assertEquals(List.of("ended r1 SUCCEEDED", "race r: r1 succeeded", "cancel r3", "start next"), d.ok("r1", "won"));
      assertEquals(List.of("ended r2 FAILED"), d.fail("r2", new InterruptedException()), "it failed with its timeout");
    }
  }

  @Nested
  class HedgedRaces {
    private static final long HEDGE = 20_000_000; // 20 ms

    private Driver hedged(Wins wins, RetryPolicy firstRacersRetry) {
      var g = graph();
      step(g, "before");
      g.race("r", after(0), wins, false, HEDGE);
      g.racer(1, "r1", firstRacersRetry);
      g.racer(1, "r2", null);
      g.racer(1, "r3", null);
      step(g, "next", 1);
      var d = new Driver(g.build());
      d.start();
      return d;
    }

    @Test
    void racersStartOneAfterAnotherInSourceOrderEachTheHedgeDelayAfterTheOneBefore() {
      var d = hedged(Wins.FIRST_TO_SETTLE, null);
      assertEquals(List.of("ended before SUCCEEDED", "start r1"), d.ok("before", 0),
          "the first racer starts with the race; the second waits from when it begins");
      d.begin("r1");
      assertEquals(List.of("pause r2 20000000"), d.log(), "the second waits its turn, holding no thread");
      assertEquals(List.of("start r2"), d.pauseEnded("r2"), "the third waits from when the second begins");
      d.begin("r2");
      assertEquals(List.of("pause r3 20000000"), d.log());
      assertEquals(List.of("start r3"), d.pauseEnded("r3"));
      assertEquals(List.of("ended r3 SUCCEEDED", "race r: r3 succeeded", "cancel r1", "cancel r2", "start next"),
          d.ok("r3", "won"));
      assertEquals("won", d.schedule.result(1));
    }

    @Test
    void aRacerNotStartedWhenTheRaceIsDecidedNeverStarts() {
      var d = hedged(Wins.FIRST_TO_SETTLE, null);
      d.ok("before", 0);
      assertEquals(List.of("pause r2 20000000", "ended r1 SUCCEEDED", "race r: r1 succeeded", "cancel r2", "start next"),
          d.ok("r1", "won"), "r2's wait is dropped; r3 never even waits");
      assertEquals(List.of(), d.pauseEnded("r2"), "a wait that ends after the race was decided starts nothing");
      assertThrowsNoExecution(d, "r3");
      assertEquals(List.of("ended next SUCCEEDED"), d.ok("next", 1));
      assertTrue(d.schedule.isFinished(), "the dropped wait held nothing");
    }

    @Test
    void firstToSettleIsDecidedByTheFirstRacerToFailEvenBeforeTheNextIsDue() {
      var d = hedged(Wins.FIRST_TO_SETTLE, null);
      d.ok("before", 0);
      var boom = new IOException("r1");
      assertEquals(List.of("pause r2 20000000", "ended r1 FAILED", "race r: r1 failed", "cancel r2"), d.fail("r1", boom));
      assertEquals("r1", decided(d).failedStep());
      assertSame(boom, d.schedule.failure());
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void firstToSucceedStartsTheNextAtOnceWhenEveryRacerStartedSoFarHasFailedAndTheDelayCountsFromThen() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      d.begin("r1");
      assertEquals(List.of("pause r2 20000000"), d.log());
      assertEquals(List.of("ended r1 FAILED", "cancel r2", "start r2"), d.fail("r1", new IOException("r1")),
          "r2's wait is dropped and r2 starts now");
      assertEquals(1, d.schedule.attempt(d.x("r2")), "still r2's first attempt");
      d.begin("r2");
      assertEquals(List.of("pause r3 20000000"), d.log(), "r3 waits the whole delay from when r2 begins");
      assertEquals(List.of("ended r2 SUCCEEDED", "race r: r2 succeeded", "cancel r3", "start next"), d.ok("r2", "won"));
      assertEquals("won", d.schedule.result(1));
      d.ok("next", 1);
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void firstToSucceedWaitsOutAFailureWhileAnEarlierRacerStillRuns() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      d.begin("r1");
      d.pauseEnded("r2");
      assertEquals(List.of("pause r3 20000000", "ended r2 FAILED"), d.fail("r2", new IOException("r2")),
          "r1 still runs: r3 keeps waiting its turn");
      assertEquals(List.of("start r3"), d.pauseEnded("r3"));
    }

    @Test
    void aFailedFirstToSucceedRaceFailsWithTheFirstFailureInTimeTheLaterOnesSuppressedInOrder() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      d.begin("r1");
      d.pauseEnded("r2");
      var two = new IOException("r2");
      var one = new IOException("r1");
      var three = new IOException("r3");
      d.fail("r2", two);
      assertEquals(List.of("ended r1 FAILED", "cancel r3", "start r3"), d.fail("r1", one), "every racer by then: r3 at once");
      assertEquals(List.of("ended r3 FAILED", "race r: all failed"), d.fail("r3", three));
      assertEquals("r", decided(d).failedStep());
      assertSame(two, d.schedule.failure());
      assertArrayEquals(new Throwable[] {one, three}, two.getSuppressed());
    }

    @Test
    void aRejectedRacerIsAFailureTooAndTheNextStartsAtOnce() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      assertTrue(d.schedule.rejected(d.x("r1"), new RejectedExecutionException("full")));
      assertEquals(List.of("start r2"), d.log(), "r2 had not been due yet: r1 never began");
      d.begin("r2");
      assertEquals(List.of("pause r3 20000000"), d.log());
    }

    @Test
    void aRejectedRacerWhileAnEarlierOneRunsFailedAtOnceAndTheNextOnesTurnCountsFromThen() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      d.begin("r1");
      d.pauseEnded("r2");
      d.log();
      assertTrue(d.schedule.rejected(d.x("r2"), new RejectedExecutionException("full")));
      assertEquals(List.of("pause r3 20000000"), d.log(), "r1 still runs: r3 waits its turn from r2's rejection");
      assertEquals(2, d.schedule.racersBegun(1), "a rejected racer counts as begun: it failed");
    }

    @Test
    void theNextRacersTurnCountsFromWhenTheOneBeforeBeganNotFromWhenItWasQueued() {
      var d = hedged(Wins.FIRST_TO_SETTLE, null);
      assertEquals(-1, d.schedule.racersBegun(1), "the race has not started");
      d.ok("before", 0);
      assertEquals(List.of(), d.log(), "r1 is queued: nothing waits yet");
      assertEquals(0, d.schedule.racersBegun(1));
      d.begin("r1");
      assertEquals(List.of("pause r2 20000000"), d.log());
      assertEquals(List.of("start r2"), d.pauseEnded("r2"));
      assertEquals(1, d.schedule.racersBegun(1), "r2 is queued, not begun");
      assertEquals(List.of("ended r1 SUCCEEDED", "race r: r1 succeeded", "cancel r2", "start next"), d.ok("r1", "won"));
      assertEquals(1, d.schedule.racersBegun(1), "r2 and r3 never begin");
      assertFalse(d.schedule.begin(d.x("r2")), "given up while queued");
      assertThrowsNoExecution(d, "r3");
    }

    @Test
    void aRacersOwnRetriesAreItsOwnAndTheNextIsDueTheDelayAfterItsFirstAttemptStarted() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, retry(2, 1_000, 1.0));
      d.ok("before", 0);
      assertEquals(List.of("pause r2 20000000", "ended r1 FAILED", "pause r1#2 1000"), d.fail("r1", new IOException("r1")),
          "r1 has not failed for good: r2 keeps waiting its turn");
      assertEquals(List.of("start r2"), d.pauseEnded("r2"));
      d.begin("r2");
      assertEquals(List.of("pause r3 20000000"), d.log());
      assertEquals(List.of("start r1#2"), d.pauseEnded("r1#2"));
      d.begin("r1#2");
      assertEquals(List.of(), d.log(), "a retry's begin makes no racer due");
      assertEquals(List.of("ended r1#2 SUCCEEDED", "race r: r1 succeeded", "cancel r2", "cancel r3", "start next"),
          d.ok("r1#2", "won"));
    }

    @Test
    void aRacerWaitingForItsTurnHasNotStartedWhenTheRunsTimeoutNamesAStep() {
      var d = hedged(Wins.FIRST_TO_SETTLE, null);
      d.ok("before", 0);
      d.schedule.deadlinePassed(new TimeoutException("run"));
      assertEquals("r1", decided(d).failedStep(), "r1 is queued: it does not run, and comes first");
      assertEquals(List.of("cancel r1"), d.log());
      assertFalse(d.schedule.begin(d.x("r1")));
      assertTrue(d.schedule.isFinished(), "the wait ended when cancelled");

      var e = hedged(Wins.FIRST_TO_SETTLE, null);
      e.ok("before", 0);
      e.begin("r1");
      e.schedule.deadlinePassed(new TimeoutException("run"));
      assertEquals("r1", decided(e).failedStep(), "the racer still running");
    }

    @Test
    void cancellingTheRunOrAFailureElsewhereEndsTheWaitAndTheRacerNeverStarts() {
      var d = hedged(Wins.FIRST_TO_SUCCEED, null);
      d.ok("before", 0);
      d.begin("r1");
      d.log();
      d.schedule.cancel();
      assertEquals(List.of("cancel r1", "cancel r2"), d.log());
      assertEquals(1, d.schedule.live(), "r1 runs on; r2's wait has ended");
      assertEquals(List.of(), d.pauseEnded("r2"));
      assertEquals(List.of("ended r1 CANCELLED"), d.fail("r1", new InterruptedException()));
      assertTrue(d.schedule.isFinished());

      var g = graph();
      step(g, "other");
      g.race("r", after(), Wins.FIRST_TO_SUCCEED, false, HEDGE);
      g.racer(1, "r1", null);
      g.racer(1, "r2", null);
      var e = new Driver(g.build());
      assertEquals(List.of("start other", "start r1"), e.start());
      e.begin("r1");
      assertEquals(List.of("pause r2 20000000"), e.log());
      var boom = new IOException("other");
      assertEquals(List.of("ended other FAILED", "cancel r1", "cancel r2"), e.fail("other", boom));
      assertSame(boom, decided(e).failure());
    }

    @Test
    void aToleratedHedgedRaceWhoseRacersAllFailSettlesWithTheFirstFailure() {
      var g = graph();
      g.race("avatar", after(), Wins.FIRST_TO_SUCCEED, true, HEDGE);
      g.racer(0, "gravatar", null);
      g.racer(0, "initials", null);
      var d = new Driver(g.build());
      d.start();
      var first = new IOException("gravatar");
      assertEquals(List.of("pause initials 20000000", "ended gravatar FAILED", "cancel initials", "start initials"),
          d.fail("gravatar", first));
      d.fail("initials", new IOException("initials"));
      assertEquals(RunEvent.Outcome.SUCCEEDED, decided(d).outcome());
      assertSame(first, ((Outcome.Failure<?>) d.schedule.result(0)).cause());
    }

    @Test
    void aHedgedRaceOfOneRacerStartsItWithTheRace() {
      var g = graph();
      g.race("r", after(), Wins.FIRST_TO_SETTLE, false, HEDGE);
      g.racer(0, "only", null);
      var d = new Driver(g.build());
      assertEquals(List.of("start only"), d.start());
    }

    private static void assertThrowsNoExecution(Driver d, String execution) {
      try {
        d.x(execution);
      } catch (AssertionError expected) {
        return;
      }
      throw new AssertionError(execution + " has an execution, though it never started");
    }
  }

  @Nested
  class Failure {
    @Test
    void aFailureCancelsWhatRunsStartsNothingAndFinishesOnceEveryStartedStepEnded() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      step(g, "c", 0);
      var d = new Driver(g.build());
      d.start();
      d.begin("b");
      var boom = new IllegalStateException("a");
      assertEquals(List.of("ended a FAILED", "cancel b"), d.fail("a", boom));
      assertEquals("a", decided(d).failedStep());
      assertSame(boom, d.schedule.failure());
      assertFalse(d.schedule.isFinished(), "b still runs");
      assertEquals(List.of("ended b CANCELLED"), d.fail("b", new UncheckedIOException(new IOException("wrapped interrupt"))));
      assertTrue(d.schedule.isFinished());
      assertArrayEquals(new Throwable[0], boom.getSuppressed(), "what a cancelled step throws is not attached");
      assertFalse(d.schedule.isDone(2), "c never started");
    }

    @Test
    void theClassTimeoutNamesTheFirstStepInSourceOrderStillRunningARacerByItsOwnName() {
      var g = graph();
      step(g, "a");
      g.race("r", after(), Wins.FIRST_TO_SETTLE, false);
      g.racer(1, "r1", null);
      g.racer(1, "r2", null);
      var d = new Driver(g.build());
      d.start();
      d.ok("a", 1);
      d.begin("r2");
      var timeout = new TimeoutException("run");
      d.schedule.deadlinePassed(timeout);
      assertEquals("r2", decided(d).failedStep());
      assertSame(timeout, d.schedule.failure());
      assertEquals(List.of("cancel r1", "cancel r2"), d.log());
    }

    @Test
    void theClassTimeoutNamesTheFirstStepNotStartedWhenNoneRuns() {
      var g = graph();
      step(g, "a");
      step(g, "b", 0);
      var d = new Driver(g.build());
      d.start();
      d.schedule.deadlinePassed(new TimeoutException("run"));
      assertEquals("a", decided(d).failedStep(), "queued, not running: the first not started");
    }

    @Test
    void theClassTimeoutPassingAfterTheRunWasDecidedChangesNothing() {
      var g = graph();
      step(g, "a");
      var d = new Driver(g.build());
      d.start();
      d.ok("a", 1);
      d.schedule.deadlinePassed(new TimeoutException("run"));
      assertEquals(RunEvent.Outcome.SUCCEEDED, d.schedule.outcome());
    }

    @Test
    void aStepTimeoutFailsTheStepAtOnceWithoutWaitingForItToGiveIn() {
      var g = graph();
      step(g, "a");
      var d = new Driver(g.build());
      d.start();
      var timeout = d.timeOut("a");
      assertEquals(List.of("cancel a"), d.log());
      assertSame(timeout, decided(d).failure());
      assertEquals("a", d.schedule.failedStep());
      assertTrue(d.schedule.isCancelled(d.x("a")));
      assertEquals(List.of("ended a FAILED"), d.ok("a", "late"));
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void anExecutorThatRejectsAStepFailsTheRunNamingTheStep() {
      var g = graph();
      step(g, "a");
      var d = new Driver(g.build());
      d.start();
      var rejected = new RejectedExecutionException("full");
      d.schedule.rejected(d.x("a"), rejected);
      assertSame(rejected, decided(d).failure());
      assertEquals("a", d.schedule.failedStep());
      assertTrue(d.schedule.isFinished());
    }

    @Test
    void anExecutorThatRunsAStepAndThenThrowsIsNotARejection() {
      var g = graph();
      step(g, "a");
      step(g, "b", 0);
      var d = new Driver(g.build());
      d.start();
      d.ok("a", 1);
      d.schedule.rejected(d.x("a"), new RejectedExecutionException("ran, then threw"));
      assertFalse(d.schedule.isDecided());
      assertEquals(1, d.schedule.live(), "b only");
    }

    @Test
    void anExecutorThatHandsAStepOffAndThenThrowsFailsItOnceAndTheHandedOffTaskNeverRuns() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      var d = new Driver(g.build());
      d.start();
      d.schedule.rejected(d.x("a"), new RejectedExecutionException("handed off, then threw"));
      assertFalse(d.schedule.begin(d.x("a")), "the handed-off task runs later: nothing of it starts");
      assertEquals(1, d.schedule.live(), "b, cancelled, still to end");
      assertFalse(d.schedule.begin(d.x("b")));
      assertTrue(d.schedule.isFinished());
    }
  }

  @Nested
  class Cancellation {
    @Test
    void theCallerCancellingCancelsEveryExecutionAndStartsNothing() {
      var g = graph();
      step(g, "a");
      step(g, "b");
      step(g, "c", 0);
      var d = new Driver(g.build());
      d.start();
      d.begin("a");
      d.schedule.cancel();
      assertEquals(List.of("cancel a", "cancel b"), d.log());
      assertEquals(RunEvent.Outcome.CANCELLED, decided(d).outcome());
      assertEquals(List.of("ended a CANCELLED"), d.ok("a", 1), "c never starts");
      assertFalse(d.schedule.isFinished(), "b is queued: the engine still holds it");
      assertFalse(d.schedule.begin(d.x("b")));
      assertTrue(d.schedule.isFinished());
      assertNull(d.schedule.failure());
    }

    @Test
    void cancellingTheRunStillCancelsToleratedSteps() {
      var g = graph();
      g.step("albums", after(), true, null, -1, -1, 0);
      var d = new Driver(g.build());
      d.start();
      d.begin("albums");
      d.schedule.cancel();
      assertEquals(List.of("cancel albums"), d.log());
    }
  }

  @Nested
  class Tolerated {
    private Driver tolerant() {
      var g = graph();
      g.step("albums", after(), true, null, -1, -1, 0);
      step(g, "page", 0);
      var d = new Driver(g.build());
      d.start();
      return d;
    }

    @Test
    void aToleratedFailureDoesNotFailTheRunAndItsDependentsStartOnceItSettled() {
      var d = tolerant();
      var down = new IOException("down");
      assertEquals(List.of("ended albums FAILED", "start page"), d.fail("albums", down));
      var outcome = assertInstanceOf(Outcome.Failure.class, d.schedule.result(0));
      assertSame(down, outcome.cause());
      d.ok("page", "page");
      assertEquals(RunEvent.Outcome.SUCCEEDED, decided(d).outcome());
    }

    @Test
    void aToleratedSuccessIsAnOutcomeToo() {
      var d = tolerant();
      d.ok("albums", "holidays");
      assertEquals(Outcome.success("holidays"), d.schedule.result(0));
    }

    @Test
    void aFailureThatIsNotToleratedStillFailsTheRun() {
      var g = graph();
      g.step("albums", after(), true, null, -1, -1, 0);
      step(g, "user");
      step(g, "page", 0, 1);
      var d = new Driver(g.build());
      d.start();
      d.fail("user", new IOException("user"));
      assertEquals("user", decided(d).failedStep());
    }

    @Test
    void aToleratedRaceWhoseRacersAllFailSettlesWithTheFirstFailure() {
      var g = graph();
      g.race("avatar", after(), Wins.FIRST_TO_SUCCEED, true);
      g.racer(0, "gravatar", null);
      g.racer(0, "initials", null);
      step(g, "page", 0);
      var d = new Driver(g.build());
      d.start();
      var first = new IOException("gravatar");
      d.fail("gravatar", first);
      assertEquals(List.of("ended initials FAILED", "race avatar: all failed", "start page"),
          d.fail("initials", new IOException("initials")));
      assertSame(first, ((Outcome.Failure<?>) d.schedule.result(0)).cause());
    }

    @Test
    void aToleratedStepThatTimesOutLetsItsDependentsStartAtTheTimeout() {
      var d = tolerant();
      d.timeOut("albums");
      assertEquals(List.of("cancel albums", "start page"), d.log());
    }
  }

  @Nested
  class Retries {
    private Driver retried(RetryPolicy policy) {
      var g = graph();
      g.step("fetch", after(), false, policy, -1, -1, 0);
      var d = new Driver(g.build());
      d.start();
      return d;
    }

    @Test
    void aFailureIsRetriedAfterItsPauseMultipliedBeforeEachLaterAttempt() {
      var d = retried(retry(3, 100, 2.0));
      assertEquals(List.of("ended fetch FAILED", "pause fetch#2 100"), d.fail("fetch", new IOException("1")));
      d.schedule.pauseEnded(d.x("fetch#2"));
      assertEquals(List.of("start fetch#2"), d.log());
      assertEquals(List.of("ended fetch#2 FAILED", "pause fetch#3 200"), d.fail("fetch#2", new IOException("2")));
      d.schedule.pauseEnded(d.x("fetch#3"));
      d.log();
      assertEquals(3, d.schedule.attempt(d.x("fetch#3")));
      d.ok("fetch#3", "fetched");
      assertEquals("fetched", decided(d).result(0));
    }

    @Test
    void withoutAPauseTheNextAttemptStartsAtOnce() {
      var d = retried(retry(2, 0, 1.0));
      assertEquals(List.of("ended fetch FAILED", "start fetch#2"), d.fail("fetch", new IOException("1")));
    }

    @Test
    void theLastAttemptsFailureIsTheCauseWithTheEarlierOnesSuppressedInOrder() {
      var d = retried(retry(3, 0, 1.0));
      var one = new IOException("1");
      var two = new IOException("2");
      var three = new IOException("3");
      d.fail("fetch", one);
      d.fail("fetch#2", two);
      d.fail("fetch#3", three);
      assertSame(three, decided(d).failure());
      assertArrayEquals(new Throwable[] {one, two}, three.getSuppressed());
    }

    @Test
    void aFailureOnDoesNotAdmitFailsTheStepAtOnce() {
      var d = retried(retry(3, 0, 1.0, IOException.class));
      var bug = new IllegalStateException("bug");
      assertEquals(List.of("ended fetch FAILED"), d.fail("fetch", bug));
      assertSame(bug, decided(d).failure());
    }

    @Test
    void interruptionAndCancellationAreNeverRetried() {
      var d = retried(retry(3, 0, 1.0, Exception.class));
      d.fail("fetch", new InterruptedException());
      assertTrue(d.schedule.isDecided());
      var e = retried(retry(3, 0, 1.0, Exception.class));
      e.fail("fetch", new CancellationException());
      assertTrue(e.schedule.isDecided());
    }

    @Test
    void anAttemptPastItsTimeoutIsRetriedOnceItHasEnded() {
      var d = retried(retry(2, 0, 1.0, TimeoutException.class));
      var timeout = d.timeOut("fetch");
      assertEquals(List.of("cancel fetch"), d.log(), "interrupted; the next attempt waits for it to end");
      assertEquals(List.of("ended fetch FAILED", "start fetch#2"), d.ok("fetch", "too late"));
      var last = new IOException("2");
      assertEquals(List.of("ended fetch#2 FAILED"), d.fail("fetch#2", last), "on does not admit it: no retry");
      assertSame(last, decided(d).failure());
      assertArrayEquals(new Throwable[] {timeout}, last.getSuppressed());
    }

    @Test
    void aStepBetweenTwoAttemptsCountsAsRunning() {
      var g = graph();
      step(g, "a");
      g.step("fetch", after(), false, retry(2, 1_000, 1.0), -1, -1, 0);
      var d = new Driver(g.build());
      d.start();
      d.fail("fetch", new IOException("1"));
      d.schedule.deadlinePassed(new TimeoutException("run"));
      assertEquals("fetch", d.schedule.failedStep(), "a is queued; fetch pauses");
      assertTrue(d.log().contains("cancel fetch#2"));
      assertFalse(d.schedule.begin(d.x("a")));
      assertTrue(d.schedule.isFinished(), "the pause holds no thread: it ended when cancelled");
    }

    @Test
    void noRetryOnceTheRunIsDecided() {
      var g = graph();
      step(g, "a");
      g.step("fetch", after(), false, retry(3, 0, 1.0), -1, -1, 0);
      var d = new Driver(g.build());
      d.start();
      d.begin("fetch");
      d.fail("a", new IOException("a"));
      assertEquals(List.of("ended fetch CANCELLED"), d.fail("fetch", new IOException("its own")));
    }

    @Test
    void aRejectedRetryFailsTheStepWithTheEarlierFailuresSuppressed() {
      var d = retried(retry(2, 0, 1.0));
      var first = new IOException("1");
      d.fail("fetch", first);
      var rejected = new RejectedExecutionException("shut down");
      d.schedule.rejected(d.x("fetch#2"), rejected);
      assertSame(rejected, decided(d).failure());
      assertArrayEquals(new Throwable[] {first}, rejected.getSuppressed());
    }
  }

  @Nested
  class FanOut {
    private Driver each(int limit, Elements input, boolean tolerated) {
      var g = graph(1);
      g.step("comments", after(), tolerated, null, -1, 0, limit);
      step(g, "page", 0);
      var d = new Driver(g.build(), input);
      return d;
    }

    @Test
    void aStepRunsOncePerElementAtMostLimitAtATimeItsValueInElementOrder() {
      var d = each(2, Elements.of(List.of("p0", "p1", "p2")), false);
      assertEquals(List.of("start comments[0]", "start comments[1]"), d.start());
      assertEquals("p1", d.schedule.elementValue(d.x("comments[1]")));
      assertEquals(List.of("ended comments[1] SUCCEEDED", "start comments[2]"), d.ok("comments[1]", "c1"));
      d.ok("comments[2]", "c2");
      assertEquals(List.of("ended comments[0] SUCCEEDED", "start page"), d.ok("comments[0]", "c0"));
      assertEquals(List.of("c0", "c1", "c2"), d.schedule.result(0));
    }

    @Test
    void aStepOverTheElementsOfAnEarlierStep() {
      var g = graph();
      step(g, "posts");
      g.step("comments", after(0), false, null, 0, -1, 0);
      var d = new Driver(g.build());
      d.start();
      assertEquals(List.of("ended posts SUCCEEDED", "start comments[0]", "start comments[1]"), d.okFeeding("posts", List.of("a", "b")));
    }

    @Test
    void oneElementsFailureFailsTheStepCancelsTheOthersAndNamesItsIndex() {
      var d = each(0, Elements.of(List.of("p0", "p1", "p2")), false);
      d.start();
      d.begin("comments[0]");
      var boom = new IOException("p1");
      assertEquals(List.of("ended comments[1] FAILED", "cancel comments[0]", "cancel comments[2]"), d.fail("comments[1]", boom));
      assertSame(boom, decided(d).failure());
      assertEquals("comments", d.schedule.failedStep());
      var element = assertInstanceOf(FailedElement.class, boom.getSuppressed()[0]);
      assertEquals(1, element.index());
    }

    @Test
    void retriesAndTimeoutsApplyToEachElement() {
      var g = graph(1);
      g.step("comments", after(), false, retry(2, 0, 1.0), -1, 0, 0);
      var d = new Driver(g.build(), Elements.of(List.of("p0", "p1")));
      d.start();
      assertEquals(List.of("ended comments[0] FAILED", "start comments[0]#2"), d.fail("comments[0]", new IOException("0")));
      d.timeOut("comments[1]");
      assertEquals(List.of("cancel comments[1]"), d.log());
      assertEquals(List.of("ended comments[1] FAILED", "start comments[1]#2"), d.fail("comments[1]", new InterruptedException()));
      d.ok("comments[0]#2", "c0");
      d.ok("comments[1]#2", "c1");
      assertEquals(List.of("c0", "c1"), d.schedule.result(0));
    }

    @Test
    void anEmptyFanOutSucceedsWithAnEmptyListAndItsDependentStartsOnce() {
      var d = each(0, Elements.of(List.of()), false);
      assertEquals(List.of("start page"), d.start());
      assertEquals(List.of(), d.schedule.result(0));
    }

    @Test
    void aFanOutOverNullFailsWithoutRunning() {
      var npe = new NullPointerException("the elements of 'comments' are null");
      var d = each(0, Elements.failed(npe), false);
      assertEquals(List.of(), d.start());
      assertSame(npe, decided(d).failure());
      assertEquals("comments", d.schedule.failedStep());
    }

    @Test
    void aToleratedFanOutOverNullSettlesAndItsDependentStartsOnce() {
      var npe = new NullPointerException("null");
      var d = each(0, Elements.failed(npe), true);
      assertEquals(List.of("start page"), d.start());
      assertSame(npe, ((Outcome.Failure<?>) d.schedule.result(0)).cause());
    }

    @Test
    void aChainOfEmptyFanOutsStartsEachDependentOnce() {
      var g = graph(1);
      step(g, "a");
      g.step("e1", after(), false, null, -1, 0, 0);
      g.step("e2", after(1), false, null, 1, -1, 0);
      step(g, "b", 1, 2);
      var d = new Driver(g.build(), Elements.of(List.of()));
      assertEquals(List.of("start a", "start b"), d.start());
    }
  }

  @Test
  void theCriticalPathFollowsTheDependencyThatEndedLast() {
    var g = graph();
    step(g, "user");
    step(g, "weather");
    step(g, "posts", 0);
    step(g, "page", 0, 1, 2);
    var d = new Driver(g.build());
    d.start();
    d.ok("user", 1);
    d.ok("posts", 2);
    d.ok("weather", 3);
    d.ok("page", 4);
    assertArrayEquals(new int[] {1, 3}, d.schedule.criticalPath());
  }
}
