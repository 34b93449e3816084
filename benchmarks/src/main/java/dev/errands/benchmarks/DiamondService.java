package dev.errands.benchmarks;

import dev.errands.Parallel;
import dev.errands.Sequential;

/** Scenario 2: a diamond, a → (b, c) → d. */
public class DiamondService {
  @Parallel
  int a(int seed) {
    return Work.step(seed, 1);
  }

  @Sequential(after = "a")
  int b(int a) {
    return Work.step(a, 2);
  }

  @Sequential(after = "a")
  int c(int a) {
    return Work.step(a, 3);
  }

  @Sequential(after = {"b", "c"})
  int d(int b, int c) {
    return Work.join(b, c);
  }
}
