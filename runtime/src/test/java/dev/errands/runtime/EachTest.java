package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code @Each}: a step once per element, results in order, a limit, fail-fast. */
@Timeout(30)
class EachTest {

  @Test
  void zeroOneAndAThousandElementsKeepTheirOrder() throws InterruptedException {
    var squares = Workflow.<Object>builder("com.acme.Fan", "numbers")
        .step("squares", after().eachOfInput(0), (s, in) -> (int) in.element() * (int) in.element())
        .build(in -> in.result(0));
    for (int size : new int[] {0, 1, 1_000}) {
      List<Integer> numbers = IntStream.range(0, size).boxed().toList();
      assertEquals(numbers.stream().map(n -> n * n).toList(), squares.run(new Object(), RunOptions.defaults(), numbers),
          "size " + size);
    }
  }

  /**
   * The elements meet four at a time: they get past the barrier only if four of them run at once,
   * and a fifth that ran beside them would show in the count.
   */
  @Test
  void theLimitIsHonoured() throws InterruptedException {
    var running = new AtomicInteger();
    var max = new AtomicInteger();
    var fourAtOnce = new CyclicBarrier(4);
    var squares = Workflow.<Object>builder("com.acme.Fan", "numbers")
        .step("squares", after().eachOfInput(0).limit(4), (s, in) -> {
          max.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            fourAtOnce.await(Probe.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            int n = (int) in.element();
            return n * n;
          } finally {
            running.decrementAndGet();
          }
        })
        .build(in -> in.result(0));
    List<Integer> numbers = IntStream.range(0, 200).boxed().toList();
    assertEquals(numbers.stream().map(n -> n * n).toList(), squares.run(new Object(), RunOptions.defaults(), numbers));
    assertEquals(4, max.get(), "at most 4 at a time, and 4 did run at once");
  }

  @Test
  void withoutALimitTheElementsRunTogether() throws InterruptedException {
    var all = new CountDownLatch(20);
    Object result = Workflow.<Object>builder("com.acme.Fan", "numbers")
        .step("meet", after().eachOfInput(0), (s, in) -> {
          all.countDown();
          all.await(); // all 20 must be running at once to get past this
          return in.element();
        })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults(), IntStream.range(0, 20).boxed().toList());
    assertEquals(20, ((List<?>) result).size());
  }

  @Test
  void theElementsOfAnEarlierStepsResult() throws InterruptedException {
    Object result = Workflow.<Object>builder("com.acme.Blog")
        .step("posts", after(), (s, in) -> List.of("a", "bb", "ccc"))
        .step("lengths", after(0).eachOf(0), (s, in) -> ((String) in.element()).length())
        .step("total", after(1), (s, in) -> ((List<?>) in.result(1)).stream().mapToInt(o -> (int) o).sum())
        .build(in -> Arrays.asList(in.result(1), in.result(2)))
        .run(new Object(), RunOptions.defaults());
    assertEquals(List.of(List.of(1, 2, 3), 6), result);
  }

  @Test
  void oneElementsFailureFailsTheStepNamesTheIndexAndInterruptsTheOthers() throws InterruptedException {
    var boom = new IOException("comment 3 is broken");
    var interrupted = new AtomicInteger();
    var othersRunning = new CountDownLatch(3);
    var failed = assertThrows(WorkflowFailedException.class, () -> Workflow.<Object>builder("com.acme.Blog", "ids")
        .step("comments", after().eachOfInput(0), (s, in) -> {
          int id = (int) in.element();
          if (id == 3) {
            othersRunning.await();
            throw boom;
          }
          othersRunning.countDown();
          try {
            Probe.blockUntilInterrupted();
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
          return id;
        })
        .build(in -> null)
        .run(new Object(), RunOptions.defaults(), List.of(0, 1, 2, 3)));
    assertEquals("comments", failed.step());
    assertSame(boom, failed.getCause());
    var element = assertInstanceOf(FailedElement.class, boom.getSuppressed()[0]);
    assertEquals(3, element.index());
    assertEquals(3, interrupted.get());
  }

  @Test
  void retriesAndAsyncStagesApplyToEachElement() throws InterruptedException {
    var attempts = new AtomicInteger();
    Object result = Workflow.<Object>builder("com.acme.Fan", "numbers")
        .step("doubled", after().eachOfInput(0).async().retry(2, 0, java.util.concurrent.TimeUnit.MILLISECONDS, 1.0),
            (s, in) -> {
              int n = (int) in.element();
              if (n == 2 && in.context().attempt() == 1) {
                attempts.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("flaky element"));
              }
              return CompletableFuture.supplyAsync(() -> n * 2);
            })
        .build(in -> in.result(0))
        .run(new Object(), RunOptions.defaults(), List.of(1, 2, 3));
    assertEquals(List.of(2, 4, 6), result);
    assertEquals(1, attempts.get());
  }
}
