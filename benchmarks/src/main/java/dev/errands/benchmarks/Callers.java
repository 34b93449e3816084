package dev.errands.benchmarks;

/**
 * Each scenario runs from two callers: JMH's benchmark thread is a platform thread by default, and
 * a virtual thread when the fork runs with {@code -Djmh.executor=VIRTUAL} (the scenarios'
 * {@code VirtualCaller} subclasses set that on their fork).
 */
final class Callers {
  private Callers() {}

  /** Fails the trial when the benchmark does not run on the kind of thread its name says. */
  static void check(Object benchmark) {
    boolean wantsVirtual = false;
    for (Class<?> c = benchmark.getClass(); c != null; c = c.getSuperclass()) {
      wantsVirtual |= c.getSimpleName().equals("VirtualCaller");
    }
    if (Thread.currentThread().isVirtual() != wantsVirtual) {
      throw new IllegalStateException(benchmark.getClass().getName() + " runs on "
          + Thread.currentThread() + "; a VirtualCaller needs -Djmh.executor=VIRTUAL in its fork,"
          + " which -jvmArgsAppend on the command line replaces");
    }
  }
}
