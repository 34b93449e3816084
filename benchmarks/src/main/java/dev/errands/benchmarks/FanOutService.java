package dev.errands.benchmarks;

import dev.errands.Parallel;
import dev.errands.Sequential;

/** Scenario 1: three independent trivial steps, then a join. */
public class FanOutService {
  @Parallel
  int a(int seed) {
    return Work.step(seed, 1);
  }

  @Parallel
  int b(int seed) {
    return Work.step(seed, 2);
  }

  @Parallel
  int c(int seed) {
    return Work.step(seed, 3);
  }

  @Sequential(after = {"a", "b", "c"})
  int join(int a, int b, int c) {
    return Work.join(a, b, c);
  }
}
