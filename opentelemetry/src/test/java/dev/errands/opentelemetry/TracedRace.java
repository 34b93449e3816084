package dev.errands.opentelemetry;

import dev.errands.Race;
import java.util.concurrent.CountDownLatch;

/** Two pizzerias: the slow one waits until the fast one has won and it is cancelled. */
class TracedRace {
  private final CountDownLatch slowStarted = new CountDownLatch(1);

  @Race("pizza")
  String slow() throws InterruptedException {
    slowStarted.countDown();
    new CountDownLatch(1).await(); // until interrupted: it lost
    return "slow";
  }

  @Race("pizza")
  String fast() throws InterruptedException {
    slowStarted.await();
    return "fast";
  }
}
