package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Sequential;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Values of generated orchestrators (declared types) crossing a real Temporal test server, compared
 * with the same run in-process. The converter names nothing and trusts nothing, as the README
 * recommends for generated orchestrators (issue 17).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredRunTest {
  private static final String QUEUE = "declared-run";

  record Line(String sku, int qty) {}

  record Event(@JsonProperty("@type") String kind, String name) {}

  /** A step declared Optional<String>, and one declared List<Optional<Instant>>, each read by the next step. */
  static class Optionals {
    @Parallel
    Optional<String> maybe() {
      return Optional.of("x");
    }

    @Parallel
    Optional<String> none() {
      return Optional.empty();
    }

    @Parallel
    List<Optional<Instant>> times() {
      return List.of(Optional.of(Instant.ofEpochSecond(1, 2)), Optional.empty());
    }

    @Sequential(after = {"maybe", "none", "times"})
    String use(Optional<String> maybe, Optional<String> none, List<Optional<Instant>> times) {
      return maybe.orElse("-") + none.orElse("-") + times.get(0).orElseThrow().getNano() + times.get(1).isPresent();
    }
  }

  /** A LinkedHashSet result, in an order a HashSet would not keep. */
  static class Ordered {
    @Parallel
    Set<String> tags() {
      return new LinkedHashSet<>(List.of("zeta", "alpha", "mid", "beta", "omega", "k1", "k2", "k3"));
    }

    @Sequential(after = "tags")
    String first(Set<String> tags) {
      return tags.iterator().next();
    }
  }

  /** A record whose JSON has a field "@type" (JSON-LD, schema.org), declared. */
  static class AtType {
    @Parallel
    Event event() {
      return new Event("Person", "Ada");
    }

    @Sequential(after = "event")
    String kind(Event event) {
      return event.kind();
    }
  }

  /** @Each over a declared List<Line>, tolerated steps of a record type: one succeeds, one fails. */
  static class Tolerant {
    @Parallel
    int qty(@Each Line lines) {
      return lines.qty();
    }

    @Parallel
    Line fine() {
      return new Line("tea", 1);
    }

    @Parallel
    Line broken() {
      throw new IllegalStateException("no line");
    }

    @Sequential(after = {"qty", "fine", "broken"})
    String sum(List<Integer> qty, Outcome<Line> fine, Outcome<Line> broken) {
      return qty + " " + fine.isSuccess() + " " + broken.isSuccess();
    }
  }

  /** A step of a declared input Optional<Instant>, as a caller passes it. */
  static class OptionalInput {
    @Parallel
    String show(Optional<Instant> when) {
      return when.map(Instant::toString).orElse("never");
    }
  }

  private TestWorkflowEnvironment env;
  private ErrandsClient errands;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(ErrandsDataConverter.builder().build()).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)))
        .serve(DeclaredRunTest_OptionalsOrchestrator.workflow(), new Optionals())
        .serve(DeclaredRunTest_OrderedOrchestrator.workflow(), new Ordered())
        .serve(DeclaredRunTest_AtTypeOrchestrator.workflow(), new AtType())
        .serve(DeclaredRunTest_TolerantOrchestrator.workflow(), new Tolerant())
        .serve(DeclaredRunTest_OptionalInputOrchestrator.workflow(), new OptionalInput());
    env.start();
    errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  /** steps declared Optional<String> / List<Optional<Instant>> cross as in-process. */
  @Test
  void declaredOptionalResultsCross() throws Exception {
    var inProcess = DeclaredRunTest_OptionalsOrchestrator.workflow().run(new Optionals(), RunOptions.defaults());
    assertEquals("x-2false", inProcess.use());
    assertEquals(inProcess, errands.run(DeclaredRunTest_OptionalsOrchestrator.workflow()));
  }

  /** a declared Optional<Instant> input reaches the step as in-process. */
  @Test
  void aDeclaredOptionalInputCrosses() throws Exception {
    var when = Optional.of(Instant.ofEpochSecond(3));
    var inProcess = DeclaredRunTest_OptionalInputOrchestrator.workflow().run(new OptionalInput(), RunOptions.defaults(), when);
    assertEquals(inProcess, errands.run(DeclaredRunTest_OptionalInputOrchestrator.workflow(), when));
  }

  /** a LinkedHashSet's order is kept for the next step and the caller, as in-process. */
  @Test
  void declaredSetKeepsItsOrder() throws Exception {
    var inProcess = DeclaredRunTest_OrderedOrchestrator.workflow().run(new Ordered(), RunOptions.defaults());
    var temporal = errands.run(DeclaredRunTest_OrderedOrchestrator.workflow());
    assertEquals(inProcess.first(), temporal.first(), "the first tag the next step sees");
    assertEquals(new ArrayList<>(inProcess.tags()), new ArrayList<>(temporal.tags()), "the caller's iteration order");
  }

  /** a declared record with a field "@type" crosses (its type is declared: no name is needed). */
  @Test
  void declaredRecordWithAnAtTypeField() throws Exception {
    var inProcess = DeclaredRunTest_AtTypeOrchestrator.workflow().run(new AtType(), RunOptions.defaults());
    assertEquals(inProcess, errands.run(DeclaredRunTest_AtTypeOrchestrator.workflow()));
  }

  /** @Each over List<Line>, Outcome<Line> success and failure, as in-process; no names needed. */
  @Test
  void eachAndToleratedRecordsCross() throws Exception {
    var lines = List.of(new Line("a", 2), new Line("b", 3));
    var inProcess = DeclaredRunTest_TolerantOrchestrator.workflow().run(new Tolerant(), RunOptions.defaults(), lines);
    var temporal = errands.run(DeclaredRunTest_TolerantOrchestrator.workflow(), lines);
    assertEquals(inProcess.sum(), temporal.sum());
    assertEquals(inProcess.qty(), temporal.qty());
    assertEquals(inProcess.fine(), temporal.fine());
    var failure = assertInstanceOf(Outcome.Failure.class, temporal.broken());
    assertTrue(failure.cause().getMessage().contains("no line"), failure.cause().getMessage());
  }

  /**
   * every value payload of a run with tolerated records and @Each reads with a plain
   * ObjectMapper without JDK implementation classes or Jackson's "@class".
   */
  @Test
  void payloadsOfATolerantRunArePlain() throws Exception {
    String id = errands.start(DeclaredRunTest_TolerantOrchestrator.workflow(), List.of(new Line("a", 2))).workflowId();
    errands.attach(id, DeclaredRunTest_TolerantOrchestrator.workflow()).result();
    var plain = new ObjectMapper();
    int seen = 0;
    for (HistoryEvent event : env.getWorkflowClient().fetchHistory(id).getEvents()) {
      List<Payload> payloads = new ArrayList<>();
      if (event.hasActivityTaskCompletedEventAttributes()) {
        payloads.addAll(event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
      } else if (event.hasActivityTaskScheduledEventAttributes()) {
        payloads.addAll(event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
      } else if (event.hasWorkflowExecutionCompletedEventAttributes()) {
        payloads.addAll(event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
      }
      for (Payload p : payloads) {
        var node = plain.readTree(p.getData().toStringUtf8());
        if (node.has("declaration")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("declaration"); // names types by design
        }
        String text = node.toString();
        seen++;
        assertFalse(text.contains("java.util") || text.contains("@class") || text.contains("ImmutableCollections")
            || text.contains("$"), text);
      }
    }
    assertTrue(seen >= 5, "payloads seen: " + seen);
  }
}
