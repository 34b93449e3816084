package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime at scale: many runs at once, and many runs in a row. These stay in the normal suite
 * because they take seconds; {@code -Derrands.scale=10} multiplies their sizes for a longer soak.
 */
@Timeout(120)
class ScaleTest {
  private static final int SCALE = Integer.getInteger("errands.scale", 1);

  /** Three errands and a join; each errand waits until every errand of every run is running. */
  private static Workflow<Object, Object> threeErrands(CountDownLatch allErrands) {
    return Workflow.<Object>builder("com.acme.Errands", "id")
        .step("postOffice", after(), (s, in) -> {
          Probe.meet(allErrands);
          return (int) in.input(0);
        })
        .step("groceries", after(), (s, in) -> {
          Probe.meet(allErrands);
          return 1;
        })
        .step("dryCleaner", after(), (s, in) -> {
          Probe.meet(allErrands);
          return 2;
        })
        .step("home", after(0, 1, 2), (s, in) -> (int) in.result(0) + (int) in.result(1) + (int) in.result(2))
        .build(in -> in.result(3));
  }

  private static final Workflow<Object, Object> TRIVIAL = Workflow.<Object>builder("com.acme.Trivial", "x")
      .step("a", after(), (s, in) -> (int) in.input(0) + 1)
      .step("b", after(), (s, in) -> (int) in.input(0) * 2)
      .step("c", after(0, 1), (s, in) -> (int) in.result(0) + (int) in.result(1))
      .build(in -> in.result(2));

  /**
   * Every errand of every run waits until all 30,000 are running: the runs get past that only if
   * nothing (a pool, a lock, a run waiting for another) holds any of them back, whatever the load.
   */
  @Test
  void tenThousandConcurrentRunsRunAllTheirStepsAtOnce() throws Exception {
    int runs = 10_000 * SCALE;
    var allErrands = new CountDownLatch(3 * runs);
    var workflow = threeErrands(allErrands);
    List<CompletableFuture<Object>> futures = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      futures.add(workflow.runAsync(new Object(), RunOptions.defaults(), i));
    }
    for (int i = 0; i < runs; i++) {
      assertEquals(i + 3, futures.get(i).get(30, TimeUnit.SECONDS));
    }
    assertEquals(0, allErrands.getCount());
  }

  @Test
  void aHundredThousandRunsInARowLeaveNoThreadTaskOrTimerBehindAndTheHeapDoesNotGrow() throws Exception {
    int runs = 100_000 * SCALE;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    var tasks = new Probe.Tasks(pool);
    var counting = RunOptions.of(tasks);
    try {
      for (int i = 0; i < 10_000; i++) { // warm up, so that what is measured below is the steady state
        TRIVIAL.run(new Object(), counting, i);
      }
      long heapBefore = usedHeapAfterGc();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      for (int i = 0; i < runs; i++) {
        assertEquals((i + 1) + i * 2, TRIVIAL.run(new Object(), counting, i));
      }
      // The task that ends the last run wakes this thread up a moment before it returns itself.
      tasks.awaitAllFinished();
      assertTrue(ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 1, "no thread left behind");
      long grown = usedHeapAfterGc() - heapBefore;
      assertTrue(grown < 16 * 1024 * 1024, "the heap does not grow with runs: " + grown / 1024 + " KB more");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHundredThousandRunsWithTimeoutsLeaveNoTimerBehind() throws Exception {
    var withTimeouts = Workflow.<Object>builder("com.acme.Timed", "x")
        .timeout(10, TimeUnit.SECONDS)
        .step("a", after().timeout(10, TimeUnit.SECONDS), (s, in) -> (int) in.input(0) + 1)
        .build(in -> in.result(0));
    for (int i = 0; i < 100_000 * SCALE / 10; i++) {
      assertEquals(i + 1, withTimeouts.run(new Object(), RunOptions.defaults(), i));
    }
    assertEquals(0, Timers.pending(), "every timer of a run that ended was removed from the queue");
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50); // lets the heap settle between collections: a measurement, nothing waits on it
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
