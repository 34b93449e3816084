package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A step's own context: who it is, how long it has, and callbacks that reach what interrupts do not. */
@Timeout(30)
class StepContextTest {

  @Test
  void aStepKnowsItsWorkflowNameAndAttemptAndHasNoDeadlineWithoutATimeout() throws InterruptedException {
    var seen = new AtomicReference<String>();
    var left = new AtomicReference<Optional<Duration>>();
    Workflow.<Object>builder("com.acme.Profile")
        .step("user", after(), (s, in) -> {
          StepContext context = in.context();
          seen.set(context.workflow() + " " + context.step() + " " + context.attempt() + " " + context.isCancelled());
          left.set(context.timeLeft());
          return null;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults());
    assertEquals("com.acme.Profile user 1 false", seen.get());
    assertEquals(Optional.empty(), left.get());
  }

  /**
   * The step's deadline is 2 s after it started, which is after the test called run and before it
   * asked: what is left is at most 2 s, and at least 2 s less the time since the call, however long
   * the machine took.
   */
  @Test
  void timeLeftIsTheNearestDeadline() throws InterruptedException {
    var left = new AtomicReference<Duration>();
    var asked = new AtomicLong();
    long called = System.nanoTime();
    Workflow.<Object>builder("com.acme.Profile")
        .timeout(10, SECONDS)
        .step("user", after().timeout(2, SECONDS), (s, in) -> {
          left.set(in.context().timeLeft().orElseThrow());
          asked.set(System.nanoTime());
          return null;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults());
    Duration atLeast = Duration.ofSeconds(2).minusNanos(asked.get() - called);
    assertTrue(left.get().compareTo(Duration.ofSeconds(2)) <= 0 && left.get().compareTo(atLeast) >= 0,
        "the step's 2 s, not the run's 10 s: " + left.get() + ", at least " + atLeast);
  }

  /** A step that blocks until its callback runs, and counts the callbacks. */
  private static StepBody<Object> blockedUntilCalledBack(AtomicInteger callbacks, CountDownLatch started) {
    return (s, in) -> {
      var released = new CountDownLatch(1);
      in.context().onCancel(() -> {
        callbacks.incrementAndGet();
        released.countDown();
      });
      started.countDown();
      while (true) { // deaf to interrupts: only the callback gets it out
        try {
          released.await();
          return "released";
        } catch (InterruptedException ignored) {
          // keep waiting for the callback
        }
      }
    };
  }

  @Test
  void aRaceLosersCallbackRunsOnce() throws InterruptedException {
    var callbacks = new AtomicInteger();
    var started = new CountDownLatch(1);
    Object result = Workflow.<Object>builder("com.acme.Race")
        .race("pizza", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "slow", blockedUntilCalledBack(callbacks, started))
        .racer(0, "fast", (s, in) -> {
          started.await();
          return "fast";
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults());
    assertEquals("fast", result);
    assertEquals(1, callbacks.get());
  }

  @Test
  void aTimedOutStepsCallbackRunsOnce() {
    var callbacks = new AtomicInteger();
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Slow")
        .step("stuck", after().timeout(100, MILLISECONDS), blockedUntilCalledBack(callbacks, new CountDownLatch(1)))
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals(1, callbacks.get());
  }

  @Test
  void aFailedRunsCallbacksRunOnce() {
    var callbacks = new AtomicInteger();
    var started = new CountDownLatch(1);
    assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Failing")
        .step("stuck", after(), blockedUntilCalledBack(callbacks, started))
        .step("fails", after(), (s, in) -> {
          started.await();
          throw new IOException("boom");
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults()));
    assertEquals(1, callbacks.get());
  }

  @Test
  void anInterruptedCallersCallbacksRunOnceBeforeRunThrows() throws Exception {
    var callbacks = new AtomicInteger();
    var started = new CountDownLatch(1);
    var thrown = new AtomicReference<Throwable>();
    var workflow = Workflow.<Object>builder("com.acme.Stuck")
        .step("stuck", after(), blockedUntilCalledBack(callbacks, started))
        .build(in -> null);
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        workflow.run(new Object(), RunOptions.defaults());
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    started.await();
    caller.interrupt();
    caller.join(5_000);
    assertInstanceOf(InterruptedException.class, thrown.get());
    assertEquals(1, callbacks.get(), "ran before run threw");
  }

  @Test
  void aCallbackRegisteredAfterTheCancellationRunsAtOnceAndNoneRunsForAStepThatEndsNormally()
      throws InterruptedException {
    var late = new AtomicInteger();
    var normal = new AtomicInteger();
    var started = new CountDownLatch(1);
    Object result = Workflow.<Object>builder("com.acme.Race")
        .race("pizza", Wins.FIRST_TO_SETTLE, after())
        .racer(0, "loser", (s, in) -> {
          started.countDown();
          while (!in.context().isCancelled()) {
            Thread.onSpinWait();
          }
          Thread.interrupted();
          in.context().onCancel(late::incrementAndGet); // runs at once, here
          assertEquals(1, late.get());
          return "loser";
        })
        .racer(0, "winner", (s, in) -> {
          in.context().onCancel(normal::incrementAndGet);
          started.await();
          return "winner";
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults());
    assertEquals("winner", result);
    assertEquals(1, late.get());
    assertEquals(0, normal.get());
  }

  @Test
  void aCallbackReleasesAStepBlockedInARealSocketRead() throws Exception {
    var over = new CountDownLatch(1);
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (Socket accepted = server.accept()) {
          over.await(); // never answers
        } catch (Exception ignored) {
          // the test is over
        }
      });
      var readFailed = new AtomicReference<Throwable>();
      var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Socket")
          .step("read", after().timeout(200, MILLISECONDS), (s, in) -> {
            try (var socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
              in.context().onCancel(() -> {
                try {
                  socket.close(); // what an interrupt cannot do to a platform socket read
                } catch (IOException ignored) {
                  // closing is best effort
                }
              });
              InputStream input = socket.getInputStream();
              return input.read();
            } catch (SocketException e) {
              readFailed.set(e);
              throw e;
            }
          })
          .build(in -> null)
          .run(new Object(), RunOptions.builder().executor(r -> Thread.ofPlatform().start(r)).build()));
      assertInstanceOf(TimeoutException.class, failed.getCause());
      assertInstanceOf(SocketException.class, readFailed.get(), "the read was released by closing the socket");
    } finally {
      over.countDown();
    }
  }

  @Test
  void isCancelledIsFalseForAStepThatRunsNormally() throws InterruptedException {
    var cancelled = new AtomicReference<Boolean>();
    Workflow.<Object>builder("com.acme.Fine")
        .step("fine", after(), (s, in) -> {
          cancelled.set(in.context().isCancelled());
          return null;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults());
    assertFalse(cancelled.get());
  }

  /**
   * The engine hands the object of an execution that ended to the next one it starts on the same
   * thread, unless its step asked for its context: a context kept after its step returned still
   * speaks for that step, whatever ran on the thread after it.
   */
  @Test
  void aContextKeptAfterItsStepReturnedStillSpeaksForThatStep() throws InterruptedException {
    var kept = new AtomicReference<StepContext>();
    var cancelledLater = new AtomicReference<Boolean>();
    Workflow.<Object>builder("com.acme.Kept")
        .step("first", after(), (s, in) -> {
          kept.set(in.context());
          return 1;
        })
        .step("second", after(0), (s, in) -> (int) in.result(0) + 1)
        .step("third", after(1), (s, in) -> {
          cancelledLater.set(kept.get().isCancelled());
          return (int) in.result(1) + 1;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.of(Runnable::run)); // every step on this thread, one after the other
    StepContext context = kept.get();
    assertEquals("first 1 false", context.step() + " " + context.attempt() + " " + context.isCancelled());
    assertFalse(cancelledLater.get());
    var callback = new AtomicInteger();
    context.onCancel(callback::incrementAndGet); // registered after its step ended: never runs
    assertEquals(0, callback.get());
  }
}
