package dev.errands.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunOptions;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

@Timeout(20)
class MdcPropagatorTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void everyStepSeesTheCallersMdcAsItWasWhenTheRunStartedAndLeavesNothingOnTheExecutor() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> MDC.put("pool", "own")).get(); // the executor thread's own MDC, to be given back
      var steps = new LoggingSteps();
      var orchestrator = new LoggingStepsOrchestrator(steps,
          RunOptions.builder().executor(pool).propagate(new MdcPropagator()).build());

      MDC.put("requestId", "req-42");
      var future = orchestrator.runAsync();
      MDC.put("requestId", "changed after the start"); // the run has its copy
      steps.callerChanged.countDown();
      var result = future.get();

      assertEquals("req-42", result.first());
      assertEquals(Map.of("requestId", "req-42"), result.second(), "nothing of the first step's MDC reaches the second");
      assertEquals(Map.of("pool", "own"), pool.submit(MDC::getCopyOfContextMap).get(), "the executor's thread got its own back");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallerWithoutAnMdcGivesStepsAnEmptyOne() throws Exception {
    var steps = new LoggingSteps();
    steps.callerChanged.countDown();
    var result = new LoggingStepsOrchestrator(steps, RunOptions.builder().propagate(new MdcPropagator()).build()).run();
    assertNull(result.first());
    assertTrue(result.second() == null || result.second().isEmpty(), () -> "left over: " + result.second());
  }
}
