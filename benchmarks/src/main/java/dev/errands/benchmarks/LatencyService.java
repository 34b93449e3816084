package dev.errands.benchmarks;

import dev.errands.Parallel;
import dev.errands.Sequential;

/** Scenario 6: three independent steps that each wait 10 ms (a slow call), then a join. */
public class LatencyService {
  static final int MILLIS = 10;

  @Parallel
  int a(int seed) throws InterruptedException {
    return Work.sleep(seed, MILLIS);
  }

  @Parallel
  int b(int seed) throws InterruptedException {
    return Work.sleep(seed, MILLIS);
  }

  @Parallel
  int c(int seed) throws InterruptedException {
    return Work.sleep(seed, MILLIS);
  }

  @Sequential(after = {"a", "b", "c"})
  int join(int a, int b, int c) {
    return Work.join(a, b, c);
  }
}
