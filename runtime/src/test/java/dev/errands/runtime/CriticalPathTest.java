package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Why did this run take so long: the chain of steps that set its wall time. */
@Timeout(20)
class CriticalPathTest {

  /** albums, after user, ends last of what page waits for: the chain is user, albums, page. */
  @Test
  void theListenerSeesTheChainThatSetTheWallTime() throws InterruptedException {
    var timeline = new Timeline();
    var probe = new Probe();
    Workflow.<Object>builder("com.acme.Profile")
        .step("user", after(), (s, in) -> "user")
        .step("posts", after(0), (s, in) -> "posts")
        .step("albums", after(0), (s, in) -> {
          probe.awaitEvent("StepEnded posts SUCCEEDED");
          probe.awaitEvent("StepEnded weather SUCCEEDED");
          return "albums";
        })
        .step("weather", after(), (s, in) -> "weather")
        .step("page", after(1, 2, 3), (s, in) -> "page")
        .build(in -> null)
        .run(new Object(), probe.options(timeline));

    RunEvent.RunEnded ended = (RunEvent.RunEnded) timeline.events().get(timeline.events().size() - 1);
    assertEquals(List.of("user", "albums", "page"), ended.criticalPath());
    String chart = timeline.render();
    assertTrue(chart.contains("critical path: user -> albums -> page"), chart);
    assertTrue(chart.lines().anyMatch(l -> l.startsWith("albums") && l.endsWith("*")), chart);
    assertTrue(chart.lines().noneMatch(l -> l.startsWith("posts") && l.endsWith("*")), chart);
  }

  @Test
  void aFailedRunHasNoCriticalPath() {
    var timeline = new Timeline();
    try {
      Workflow.<Object>builder("com.acme.Failing")
          .step("fails", after(), (s, in) -> {
            throw new IllegalStateException("no");
          })
          .build(in -> null)
          .run(new Object(), RunOptions.builder().listener(timeline).build());
    } catch (WorkflowFailedException | InterruptedException expected) {
      // the run failed, as it should
    }
    RunEvent.RunEnded ended = (RunEvent.RunEnded) timeline.events().get(timeline.events().size() - 1);
    assertEquals(List.of(), ended.criticalPath());
  }
}
