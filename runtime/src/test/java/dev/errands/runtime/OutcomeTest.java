package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tolerated steps and races: partial success, as {@code Promise.allSettled}. */
@Timeout(20)
class OutcomeTest {
  private static final IOException DOWN = new IOException("albums service down");

  @Test
  void aToleratedFailureIsAnOutcomeAndTheRunSucceeds() throws InterruptedException {
    List<?> result = Workflow.<Object>builder("com.acme.Profile")
        .step("user", after(), (s, in) -> "ada")
        .step("albums", after(0).tolerated(), (s, in) -> {
          throw DOWN;
        })
        .step("page", after(0, 1), (s, in) -> in.result(0) + " " + (in.outcome(1).isSuccess() ? "albums" : "[]"))
        .build(in -> List.of(in.result(1), in.result(2)))
        .run(new Object(), RunOptions.defaults());

    var albums = assertInstanceOf(Outcome.Failure.class, result.get(0));
    assertSame(DOWN, albums.cause());
    assertEquals("ada []", result.get(1));
  }

  @Test
  void aToleratedSuccessIsASuccess() throws InterruptedException {
    Object albums = Workflow.<Object>builder("com.acme.Profile")
        .step("albums", after().tolerated(), (s, in) -> List.of("summer"))
        .step("page", after(0), (s, in) -> ((Outcome<?>) in.result(0)).isSuccess())
        .build(in -> List.of(in.result(0), in.result(1)))
        .run(new Object(), RunOptions.defaults());
    assertEquals(List.of(Outcome.success(List.of("summer")), true), albums);
  }

  @Test
  void aFailureThatIsNotToleratedStillFailsTheRun() {
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Profile")
        .step("albums", after(), (s, in) -> {
          throw DOWN;
        })
        .step("page", after(0), (s, in) -> in.outcome(0))
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertEquals("albums", failed.step());
    assertSame(DOWN, failed.getCause());
  }

  @Test
  void anOutcomeOfAStepThatIsNotToleratedIsASuccess() throws InterruptedException {
    Object outcome = Workflow.<Object>builder("com.acme.Profile")
        .step("user", after(), (s, in) -> "ada")
        .step("page", after(0), (s, in) -> in.outcome(0))
        .build(in -> in.result(1))
        .run(new Object(), RunOptions.defaults());
    assertEquals(Outcome.success("ada"), outcome);
  }

  @Test
  void aToleratedRaceThatFailsIsAnOutcomeToo() throws InterruptedException {
    Object avatar = Workflow.<Object>builder("com.acme.Profile")
        .race("avatar", Wins.FIRST_TO_SUCCEED, after().tolerated())
        .racer(0, "eu", (s, in) -> {
          throw new IOException("eu down");
        })
        .racer(0, "us", (s, in) -> {
          throw new IOException("us down");
        })
        .step("page", after(0), (s, in) -> in.outcome(0).isSuccess() ? "with avatar" : "without avatar")
        .build(in -> List.of(in.result(0), in.result(1)))
        .run(new Object(), RunOptions.defaults());
    var list = (List<?>) avatar;
    var failure = assertInstanceOf(Outcome.Failure.class, list.get(0));
    assertEquals(1, failure.cause().getSuppressed().length, "the other racer's failure is suppressed on the first");
    assertEquals("without avatar", list.get(1));
  }

  @Test
  void cancellingTheRunStillCancelsAToleratedStep() throws Exception {
    var probe = new Probe();
    var future = Workflow.<Object>builder("com.acme.Profile")
        .step("albums", after().tolerated(), probe.blocks("albums"))
        .build(in -> in.result(0))
        .runAsync(new Object(), RunOptions.defaults());
    probe.awaitLog("start:albums");
    future.cancel(true);
    probe.awaitInterrupted("albums");
    assertTrue(future.isCancelled());
  }
}
