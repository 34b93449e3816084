package dev.errands.benchmarks;

import dev.errands.Race;

/** Scenario 5: a race of three trivial racers; the first to settle decides it. */
public class RaceService {
  @Race("winner")
  int first(int seed) {
    return Work.step(seed, 1);
  }

  @Race("winner")
  int second(int seed) {
    return Work.step(seed, 2);
  }

  @Race("winner")
  int third(int seed) {
    return Work.step(seed, 3);
  }
}
