package dev.errands.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the scenarios measured against the peers share: a random seed per trial, and ParSeq's two
 * engines (as its user guide sets one up, and on virtual threads), started and shut down around
 * each trial.
 */
@State(Scope.Benchmark)
public abstract class PeerScenario {
  protected int seed;
  protected ParSeq parseqUserGuide;
  protected ParSeq parseqVirtual;

  @Setup
  public void setUp() {
    Callers.check(this);
    seed = ThreadLocalRandom.current().nextInt();
    parseqUserGuide = ParSeq.asUserGuideSetsItUp();
    parseqVirtual = ParSeq.onVirtualThreads();
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    parseqUserGuide.close();
    parseqVirtual.close();
  }
}
