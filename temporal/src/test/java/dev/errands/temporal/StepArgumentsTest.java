package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Sequential;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an activity's arguments carry, read from the real histories (issue 17, point 1): the inputs
 * and results its step's parameters take and nothing more. A large input reaches the one step that
 * takes it, never the others, their fan-out elements or the slices of a large fan-out; a node waited
 * for only to come after it sends its successor nothing. A hand-built declaration, which does not
 * say what its steps take, sends each step every input, as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepArgumentsTest {
  private static final String QUEUE = "step-arguments";
  /** An input of 200 KB, which only {@code size} takes. */
  private static final String BIG = "BIG-" + "x".repeat(200_000);
  private static final List<String> LINES = List.of("a", "b", "c", "d", "e");

  /** A service like a user's: the processor records what each step's parameters take. */
  static class Report {
    @Parallel
    String audit(String id) {
      return "audited-" + id;
    }

    @Parallel
    int size(String big) {
      return big.length();
    }

    /** Waits for audit to come after it; takes its id, not audit's value. */
    @Sequential(after = "audit")
    String done(String id) {
      return "done-" + id;
    }

    /** Once per line, in slices of 2 (child workflows). */
    @Parallel
    String shout(@Each String lines, String id) {
      return lines.toUpperCase() + "-" + id;
    }

    @Sequential(after = {"audit", "size"})
    String summary(String audit, int size) {
      return audit + "/" + size;
    }
  }

  /** Hand-built, without takes(): each step is sent every input. */
  static final Workflow<Object, Object> HAND_BUILT = Workflow.builder("arguments.HandBuilt", "id", "big")
      .step("echo", after(), (s, in) -> in.input(0))
      .step("after", after(0), (s, in) -> "after")
      .build(in -> in.result(1));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    ErrandsWorker.on(env.newWorker(QUEUE), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)).withFanOutSlice(2))
        .serve(StepArgumentsTest_ReportOrchestrator.workflow(), new Report())
        .serve(HAND_BUILT, new Object());
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void eachActivityIsSentOnlyWhatItsStepsParametersTake() throws Exception {
    var workflow = StepArgumentsTest_ReportOrchestrator.workflow();
    var inProcess = workflow.run(new Report(), RunOptions.defaults(), "r-1", BIG, LINES);
    var run = errands.start(workflow, "r-1", BIG, LINES);
    assertEquals(inProcess, run.result(), "the same result as in-process");

    Map<String, List<JsonNode>> sent = new LinkedHashMap<>(); // step -> the arguments of each of its activities
    var slices = new ArrayList<String>();
    collect(run.workflowId(), sent, slices);

    assertEquals(LINES.size() / 2 + 1, slices.size(), "shout ran in slices of 2: " + slices);
    for (String slice : slices) {
      assertFalse(slice.contains("BIG-"), "a slice's arguments leave the large input out");
      assertTrue(slice.contains("\"r-1\""), "a slice's arguments carry the input its step takes");
    }

    JsonNode audit = only(sent, "audit");
    assertEquals(json.readTree("{\"id\":\"r-1\"}"), audit.get("inputs"));
    assertEquals(json.readTree("{}"), audit.get("results"));

    JsonNode size = only(sent, "size");
    assertEquals(BIG, size.get("inputs").get("big").asText(), "the one step that takes the large input gets it");
    assertEquals(1, size.get("inputs").size());

    JsonNode done = only(sent, "done");
    assertEquals(json.readTree("{\"id\":\"r-1\"}"), done.get("inputs"));
    assertEquals(json.readTree("{}"), done.get("results"), "audit is waited for, not taken: its value is not sent");

    JsonNode summary = only(sent, "summary");
    assertEquals(json.readTree("{}"), summary.get("inputs"));
    assertEquals(json.readTree("{\"audit\":\"audited-r-1\",\"size\":200004}"), summary.get("results"));

    assertEquals(LINES.size(), sent.get("shout").size(), "an activity per element");
    for (JsonNode element : sent.get("shout")) {
      assertEquals(json.readTree("{\"id\":\"r-1\"}"), element.get("inputs"), "neither the large input nor the list");
      assertEquals(json.readTree("{}"), element.get("results"));
    }
    for (var step : sent.entrySet()) {
      for (JsonNode args : step.getValue()) {
        assertTrue(step.getKey().equals("size") || !args.toString().contains("BIG-"), step.getKey() + " was sent the large input");
      }
    }
  }

  @Test
  void aHandBuiltDeclarationSendsEveryInputAsBefore() throws IOException {
    var run = errands.start(HAND_BUILT, "h-1", "large");
    assertEquals("after", run.result());
    Map<String, List<JsonNode>> sent = new LinkedHashMap<>();
    collect(run.workflowId(), sent, new ArrayList<>());
    assertEquals(json.readTree("{\"id\":\"h-1\",\"big\":\"large\"}"), only(sent, "echo").get("inputs"));
    assertEquals(json.readTree("{\"id\":\"h-1\",\"big\":\"large\"}"), only(sent, "after").get("inputs"));
    assertEquals(json.readTree("{\"echo\":\"h-1\"}"), only(sent, "after").get("results"));
  }

  private static JsonNode only(Map<String, List<JsonNode>> sent, String step) {
    List<JsonNode> args = sent.get(step);
    assertEquals(1, args == null ? 0 : args.size(), step + ": " + sent.keySet());
    return args.get(0);
  }

  /** The arguments of every activity of {@code workflowId} and its slices, by step; each slice's arguments, as text. */
  private void collect(String workflowId, Map<String, List<JsonNode>> sent, List<String> slices) throws IOException {
    var children = new ArrayList<String>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        JsonNode args = json.readTree(event.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0).getData().toStringUtf8());
        sent.computeIfAbsent(args.get("step").asText(), step -> new ArrayList<>()).add(args);
      } else if (event.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
        var attributes = event.getStartChildWorkflowExecutionInitiatedEventAttributes();
        slices.add(attributes.getInput().getPayloads(0).getData().toStringUtf8());
        children.add(attributes.getWorkflowId());
      }
    }
    for (String child : children) {
      collect(child, sent, slices);
    }
  }
}
