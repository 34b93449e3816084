package dev.errands.temporal.review;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.errands.Parallel;
import dev.errands.Sequential;
import dev.errands.runtime.Workflow;
import dev.errands.temporal.ErrandsClient;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.ErrandsWorker;
import dev.errands.temporal.Wire;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * REVIEW PROBES (issue 17 point 4): the rename story. A run is recorded; its payloads are then
 * made to say what an older deployment would have written (the class's old name), and the history
 * is replayed by a worker whose converter has only the README's alias. Every test FAILS when it
 * finds a defect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenameProbeTest {
  private static final String QUEUE = "review-rename";
  private static final String TRUST = "dev.errands.temporal.review.";
  /** What the class was called "before the move". */
  private static final String OLD_NAME = "com.acme.Invoice";

  public record Item(String name) {}

  /** The class Item became: same fields, another name. */
  public record BillingItem(String name) {}

  record Two(Object a, Object b) {}

  /** A hand-built declaration: the item sits at an untyped place, and crosses with its class name. */
  static final Workflow<Object, Two> ITEMS = Workflow.<Object>builder("review.Rename")
      .step("item", after(), (s, in) -> new Item("a"))
      .step("use", after(0), (s, in) -> "used " + in.result(0).getClass().getSimpleName())
      .build(in -> new Two(in.result(0), in.result(1)));

  private TestWorkflowEnvironment env;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(ErrandsDataConverter.trusting(TRUST)).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE)).serve(ITEMS, new Object())
        .serve(RenameProbeTest_ShopV1Orchestrator.workflow(), new ShopV1());
    env.start();
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  private Worker replayWorker(DataConverter converter, java.util.function.Consumer<ErrandsWorker> serving) {
    var client = WorkflowClient.newInstance(env.getWorkflowServiceStubs(),
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).setDataConverter(converter).build());
    Worker worker = WorkerFactory.newInstance(client).newWorker(QUEUE + "-replay-" + System.nanoTime());
    serving.accept(ErrandsWorker.on(worker));
    return worker;
  }

  /** The history, every payload's JSON with {@code from} replaced by {@code to}, as an older deployment wrote it. */
  private static WorkflowExecutionHistory rewritten(WorkflowExecutionHistory history, String from, String to) throws Exception {
    var mapper = new ObjectMapper();
    JsonNode root = mapper.readTree(history.toJson(false));
    int[] changed = {0};
    rewrite(root, from, to, changed);
    assertTrue(changed[0] > 0, "the history holds payloads naming " + from);
    return WorkflowExecutionHistory.fromJson(mapper.writeValueAsString(root));
  }

  private static void rewrite(JsonNode node, String from, String to, int[] changed) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        var field = it.next();
        if (field.getKey().equals("data") && field.getValue().isTextual()) {
          String json = new String(Base64.getDecoder().decode(field.getValue().asText()), StandardCharsets.UTF_8);
          if (json.contains(from)) {
            changed[0]++;
            field.setValue(new TextNode(Base64.getEncoder().encodeToString(json.replace(from, to).getBytes(StandardCharsets.UTF_8))));
          }
        } else {
          rewrite(field.getValue(), from, to, changed);
        }
      }
    } else if (node != null) {
      node.forEach(child -> rewrite(child, from, to, changed));
    }
  }

  /**
   * Expected (README "Renaming a value class"): a run stored with the old class name replays on a
   * worker whose converter aliases the old name to the new class; without the alias, it does not.
   */
  @Test
  void anAliasReplaysAStoredRunWrittenUnderTheOldName() throws Exception {
    var errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
    String id = errands.start(ITEMS).workflowId();
    assertEquals(new Two(new Item("a"), "used Item"), errands.attach(id, ITEMS).result());
    var stored = rewritten(env.getWorkflowClient().fetchHistory(id), Item.class.getName(), OLD_NAME);

    // Control: without the alias, the old name is unreadable, and the replay says so.
    Worker without = replayWorker(ErrandsDataConverter.trusting(TRUST), w -> w.serve(ITEMS, new Object()));
    assertThrows(Exception.class, () -> WorkflowReplayer.replayWorkflowExecution(stored, without));

    // With the alias, exactly as the README writes it.
    DataConverter aliased = ErrandsDataConverter.builder().trusting(TRUST).alias(OLD_NAME, BillingItem.class).build();
    Worker with = replayWorker(aliased, w -> w.serve(ITEMS, new Object()));
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(stored, with));

    // And the step's stored result reads as the new class.
    for (HistoryEvent event : stored.getEvents()) {
      if (event.hasActivityTaskCompletedEventAttributes()) {
        Payload p = event.getActivityTaskCompletedEventAttributes().getResult().getPayloads(0);
        if (p.getData().toStringUtf8().contains(OLD_NAME)) {
          assertEquals(new BillingItem("a"), aliased.fromPayload(p, Wire.Value.class, Wire.Value.class).value());
        }
      }
    }
  }

  /** An alias is read, never written: the new class crosses under its own name. */
  @Test
  void anAliasIsNeverWritten() {
    DataConverter aliased = ErrandsDataConverter.builder().trusting(TRUST).alias(OLD_NAME, BillingItem.class).build();
    String json = aliased.toPayload(new Wire.Value(new BillingItem("b"))).orElseThrow().getData().toStringUtf8();
    assertTrue(json.contains(BillingItem.class.getName()) && !json.contains(OLD_NAME), json);
  }

  // --- a value of a DECLARED type: README says "rename or move its class freely"

  public record Receipt(String number) {}

  /** Receipt, moved/renamed: same JSON. */
  public record Voucher(String number) {}

  static class ShopV1 {
    @Parallel
    Receipt pay(String order) {
      return new Receipt("R-" + order);
    }

    @Sequential(after = "pay")
    String ship(Receipt pay) {
      return "shipped " + pay.number();
    }
  }

  /** The same service after the record was renamed; served under ShopV1's name, as a deploy would. */
  static class ShopV2 {
    @Parallel
    Voucher pay(String order) {
      return new Voucher("R-" + order);
    }

    @Sequential(after = "pay")
    String ship(Voucher pay) {
      return "shipped " + pay.number();
    }
  }

  /**
   * Expected (README: "A value of a declared type carries no name: rename or move its class
   * freely"): a run stored before the rename is served by the renamed deployment. The declaration's
   * fingerprint covers the type names, so a rename is a declaration change.
   */
  @Test
  void renamingADeclaredValueClassKeepsStoredRuns() throws Exception {
    var errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
    String id = errands.start(RenameProbeTest_ShopV1Orchestrator.workflow(), "o-1").workflowId();
    errands.attach(id, RenameProbeTest_ShopV1Orchestrator.workflow()).result();
    WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(id);
    Worker v2 = replayWorker(ErrandsDataConverter.builder().build(),
        w -> w.serveAs(ShopV1.class.getCanonicalName(), RenameProbeTest_ShopV2Orchestrator.workflow(), new ShopV2()));
    ErrandsWorker[] checkers = new ErrandsWorker[1];
    replayWorker(ErrandsDataConverter.builder().build(),
        w -> checkers[0] = w.serveAs(ShopV1.class.getCanonicalName(), RenameProbeTest_ShopV2Orchestrator.workflow(), new ShopV2()));
    ErrandsWorker checker = checkers[0];
    assertDoesNotThrow(() -> checker.check(history), "the check of a stored run after a rename of its value class");
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(history, v2));
  }
}
