package dev.errands.opentelemetry;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Retry;
import dev.errands.Sequential;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A service class as a user writes one: a step that calls an instrumented client, a flaky one, a fan-out. */
class TracedProfile {
  private final Tracer client; // what an instrumented HTTP client would start its spans with
  private final AtomicInteger postsAttempts = new AtomicInteger();

  TracedProfile(Tracer client) {
    this.client = client;
  }

  @Parallel
  String user(long userId) {
    var span = client.spanBuilder("GET /users/" + userId).startSpan(); // its parent: whatever is current
    span.end();
    return "user-" + userId;
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
}
