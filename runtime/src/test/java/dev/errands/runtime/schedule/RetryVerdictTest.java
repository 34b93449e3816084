package dev.errands.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.StepOptions.RetryPolicy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * An engine that knows better than {@code instanceof} whether a failure is retried (Temporal's: the
 * schedule sees a stand-in for the step's exception, the worker saw the real one) gives its verdict
 * with {@link Schedule#failed(int, Throwable, boolean)}; the schedule still counts the attempts.
 */
class RetryVerdictTest {
  /** A stand-in for an exception of a class the schedule never sees, as a remote engine reports it. */
  private static final class StandIn extends RuntimeException {
    StandIn(String message) {
      super(message);
    }
  }

  private static Driver fetch(int attempts, Class<?>... on) {
    var g = Graph.builder("com.acme.W", 0);
    g.step("fetch", Driver.after(), false, new RetryPolicy(attempts, 0, 1.0, List.of(on)), -1, -1, 0);
    var d = new Driver(g.build());
    d.start();
    return d;
  }

  private static List<String> fail(Driver d, String execution, Throwable error, boolean retryable) {
    d.schedule.begin(d.x(execution));
    d.schedule.failed(d.x(execution), error, retryable);
    return d.log();
  }

  @Test
  void aRetryableVerdictRetriesWhatOnWouldNotAdmitByClass() {
    var d = fetch(3, IOException.class);
    var one = new StandIn("java.io.IOException: 1");
    assertEquals(List.of("ended fetch FAILED", "start fetch#2"), fail(d, "fetch", one, true));
    var two = new StandIn("java.io.IOException: 2");
    assertEquals(List.of("ended fetch#2 FAILED", "start fetch#3"), fail(d, "fetch#2", two, true));
    var three = new StandIn("java.io.IOException: 3");
    assertEquals(List.of("ended fetch#3 FAILED"), fail(d, "fetch#3", three, true), "no attempt left");
    assertSame(three, d.schedule.failure());
    assertArrayEquals(new Throwable[] {one, two}, three.getSuppressed());
  }

  @Test
  void aNonRetryableVerdictFailsTheStepEvenWhenOnWouldAdmitItsClass() {
    var d = fetch(3, Exception.class);
    var bug = new StandIn("java.lang.IllegalStateException: bug");
    assertEquals(List.of("ended fetch FAILED"), fail(d, "fetch", bug, false));
    assertSame(bug, d.schedule.failure());
  }

  @Test
  void aCancellationIsNeverRetriedWhateverTheVerdict() {
    var d = fetch(3, Exception.class);
    fail(d, "fetch", new CancellationException(), true);
    assertTrue(d.schedule.isDecided());
  }

  @Test
  void withoutARetryPolicyAVerdictRetriesNothing() {
    var g = Graph.builder("com.acme.W", 0);
    g.step("fetch", Driver.after(), false, null, -1, -1, 0);
    var d = new Driver(g.build());
    d.start();
    assertEquals(List.of("ended fetch FAILED"), fail(d, "fetch", new StandIn("x"), true));
    assertTrue(d.schedule.isDecided());
  }
}
