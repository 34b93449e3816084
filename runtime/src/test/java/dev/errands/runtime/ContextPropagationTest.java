package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The caller's request context, seen by every step whatever thread runs it. */
@Timeout(20)
class ContextPropagationTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  @Test
  void everyStepSeesTheCallersContextEvenAfterAnAsyncStepCompletedOnAForeignThread() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService foreign = Executors.newSingleThreadExecutor();
    Map<String, String> seen = new ConcurrentHashMap<>();
    try {
      var workflow = Workflow.<Object>builder("com.acme.Traced")
          .step("first", after(), (s, in) -> {
            seen.put("first", String.valueOf(REQUEST.get()));
            return null;
          })
          .step("remote", after(0).async(), (s, in) -> {
            seen.put("remote", String.valueOf(REQUEST.get()));
            return CompletableFuture.supplyAsync(() -> {
              seen.put("foreign thread", String.valueOf(REQUEST.get()));
              return "answer";
            }, foreign);
          })
          .step("after remote", after(1), (s, in) -> {
            seen.put("after remote", String.valueOf(REQUEST.get()));
            return null;
          })
          .build(in -> null);
      var options = RunOptions.builder().executor(pool).propagate(ContextPropagator.of(REQUEST)).build();

      REQUEST.set("request-42");
      try {
        workflow.run(new Object(), options);
      } finally {
        REQUEST.remove();
      }

      assertEquals("request-42", seen.get("first"));
      assertEquals("request-42", seen.get("remote"));
      assertEquals("null", seen.get("foreign thread"), "not ours to change");
      assertEquals("request-42", seen.get("after remote"));

      // Nothing of it is left on the executor's threads.
      for (int i = 0; i < 4; i++) {
        assertNull(pool.submit(REQUEST::get).get());
      }
    } finally {
      pool.shutdownNow();
      foreign.shutdownNow();
    }
  }

  /** Every step reads the context only after the caller has changed its own: the run's copy counts. */
  @Test
  void theContextIsCapturedOncePerRunAndRunsDoNotMix() throws Exception {
    var changed = new CountDownLatch(1);
    var workflow = Workflow.<Object>builder("com.acme.Traced")
        .step("echo", after(), (s, in) -> {
          changed.await();
          return REQUEST.get();
        })
        .build(in -> in.result(0));
    var options = RunOptions.builder().propagate(ContextPropagator.of(REQUEST)).build();
    List<CompletableFuture<Object>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      REQUEST.set("request-" + i);
      runs.add(workflow.runAsync(new Object(), options));
      REQUEST.set("changed after the start");
    }
    REQUEST.remove();
    changed.countDown();
    for (int i = 0; i < 100; i++) {
      assertEquals("request-" + i, runs.get(i).get());
    }
  }
}
