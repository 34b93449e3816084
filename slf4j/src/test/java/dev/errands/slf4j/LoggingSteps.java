package dev.errands.slf4j;

import dev.errands.Parallel;
import dev.errands.Sequential;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.MDC;

/** Steps that read the MDC, as a log line would; one waits until the caller has changed its own. */
class LoggingSteps {
  final CountDownLatch callerChanged = new CountDownLatch(1);

  @Parallel
  String first() throws InterruptedException {
    callerChanged.await();
    String requestId = MDC.get("requestId");
    MDC.put("step", "first"); // the step's own: it must not leak to the next step on this thread
    return requestId;
  }

  @Sequential(after = "first")
  Map<String, String> second(String first) {
    return MDC.getCopyOfContextMap();
  }
}
