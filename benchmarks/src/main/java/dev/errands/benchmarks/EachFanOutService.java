package dev.errands.benchmarks;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Sequential;
import java.util.List;

/**
 * Scenario 3 once more, written with {@code @Each}: one trivial step run once per element of a
 * list of 100 salts, then a join of the list of results.
 */
public class EachFanOutService {
  @Parallel
  int step(@Each Integer salts, int seed) {
    return Work.step(seed, salts);
  }

  @Sequential(after = "step")
  int join(List<Integer> step) {
    int h = 0;
    for (int v : step) {
      h = h * 31 + v;
    }
    return h;
  }
}
