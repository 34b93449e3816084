package dev.errands.micrometer;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Race;
import dev.errands.Retry;
import dev.errands.Sequential;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A service class as a user writes one: an instrumented client call, a flaky step, a fan-out, a race. */
class ObservedProfile {
  private final ObservationRegistry registry;
  private final AtomicInteger postsAttempts = new AtomicInteger();
  private final CountDownLatch slowStarted = new CountDownLatch(1);

  ObservedProfile(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Parallel
  String user(long userId) {
    // What an instrumented HTTP client does: its observation's parent is whatever is current.
    return Observation.createNotStarted("http.client.requests", registry).observe(() -> "user-" + userId);
  }

  @Sequential(after = "user")
  @Retry(attempts = 2, on = IOException.class)
  List<String> posts(String user) throws IOException {
    if (postsAttempts.incrementAndGet() == 1) {
      throw new IOException("connection reset");
    }
    return List.of("hello", "world!");
  }

  @Sequential(after = "posts")
  Integer lengths(@Each String posts) {
    return posts.length();
  }

  @Race("avatar")
  String slowCdn() throws InterruptedException {
    slowStarted.countDown();
    new CountDownLatch(1).await(); // until interrupted: it lost
    return "slow";
  }

  @Race("avatar")
  String fastCdn() throws InterruptedException {
    slowStarted.await();
    return "fast";
  }
}
