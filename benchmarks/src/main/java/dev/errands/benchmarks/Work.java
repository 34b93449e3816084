package dev.errands.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * What every contender runs: trivial steps of a few integer operations, and the executor that
 * puts a task on a new virtual thread. All contenders call these same methods, so only the way
 * they are called differs.
 */
final class Work {
  private Work() {}

  private static final ThreadFactory VIRTUAL_THREADS = Thread.ofVirtual().factory();

  /** A new virtual thread per task: the cheapest way to run a task on one (no thread set kept). */
  static final Executor VIRTUAL = task -> VIRTUAL_THREADS.newThread(task).start();

  /** Runs the task on the thread that hands it over (Dagger's "direct executor"). */
  static final Executor DIRECT = Runnable::run;

  /** A trivial step: a few integer operations on its input. */
  static int step(int x, int salt) {
    int h = (x ^ salt) * 0x9E3779B1;
    return h ^ (h >>> 15);
  }

  /** A trivial join of two values. */
  static int join(int a, int b) {
    return a * 31 + b;
  }

  /** A trivial join of three values. */
  static int join(int a, int b, int c) {
    return (a * 31 + b) * 31 + c;
  }

  /** A step that waits {@code millis} ms, as a call to a slow service would. */
  static int sleep(int x, int millis) throws InterruptedException {
    Thread.sleep(millis);
    return x + 1;
  }
}
