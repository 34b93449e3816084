package dev.errands.temporal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * What the service classes that {@link DeployTest} compiles at test time call: they are loaded by
 * class loaders of their own, whose parent loads this class, so the test and every version share
 * it. A step records that it ran; a step that holds stays in until the worker running it stops.
 */
public final class Gate {
  private static volatile CountDownLatch entered = new CountDownLatch(1);
  private static final List<String> ran = new CopyOnWriteArrayList<>();

  private Gate() {}

  /** Records that {@code version}'s {@code step} ran. */
  public static void ran(String version, String step) {
    ran.add(version + ":" + step);
  }

  /** Records the step, says it has started, and waits until interrupted (its worker stops). */
  public static void hold(String version, String step) throws InterruptedException {
    ran(version, step);
    entered.countDown();
    new CountDownLatch(1).await();
  }

  static void reset() {
    entered = new CountDownLatch(1);
    ran.clear();
  }

  static CountDownLatch entered() {
    return entered;
  }

  static List<String> ran() {
    return List.copyOf(ran);
  }
}
