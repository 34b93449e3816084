package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Sequential;
import dev.errands.runtime.RunOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The payloads of a real run, as the {@code temporal} CLI or a client in another language reads
 * them: plain JSON (encoding {@code json/plain}), values of declared types without type names,
 * stable names only where a declared type does not say (an {@code Object}, an interface).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireFormatTest {
  private static final String QUEUE = "wire";

  record Line(String sku, int quantity, BigDecimal unitPrice) {}

  sealed interface Discount permits Percent, Fixed {}

  record Percent(int percent) implements Discount {}

  record Fixed(BigDecimal amount) implements Discount {}

  record Customer(String id, Map<Long, String> notes, Optional<String> nickname, BigDecimal credit, long visits,
      Object extra, Discount discount) {}

  record Invoice(String number, BigDecimal total, Set<String> tags) {}

  /** A service like a user's; the processor records the types of its inputs and steps. */
  static class Billing {
    @Parallel
    Customer customer(String customerId) {
      return new Customer(customerId, Map.of(42L, "vip"), Optional.of("Ada"), new BigDecimal("10.00"), 10_000_000_000L,
          7L, new Percent(10));
    }

    @Parallel
    BigDecimal price(@Each Line lines) {
      return lines.unitPrice().multiply(BigDecimal.valueOf(lines.quantity()));
    }

    @Sequential(after = {"customer", "price"})
    Invoice invoice(Customer customer, List<BigDecimal> price) {
      BigDecimal total = price.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      Percent percent = (Percent) customer.discount();
      total = total.subtract(total.multiply(BigDecimal.valueOf(percent.percent())).movePointLeft(2));
      return new Invoice("A-" + customer.id() + "-" + customer.notes().get(42L) + "-" + customer.extra(), total,
          new TreeSet<>(Set.of("paid", "b2b")));
    }
  }

  private static final List<Line> LINES = List.of(new Line("tea", 2, new BigDecimal("1.50")), new Line("cake", 1, new BigDecimal("3.10")));

  private TestWorkflowEnvironment env;
  private ErrandsClient errands;
  private final ObjectMapper plain = new ObjectMapper();

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        // No package trusted: values of declared types need no name; the interface's records are named.
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(ErrandsDataConverter.builder()
            .type("percent", Percent.class).type("fixed", Fixed.class).build()).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)))
        .serve(WireFormatTest_BillingOrchestrator.workflow(), new Billing());
    env.start();
    errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void valuesComeBackAsTheyWereInProcess() throws Exception {
    var inProcess = WireFormatTest_BillingOrchestrator.workflow().run(new Billing(), RunOptions.defaults(), "c-1", LINES);
    var temporal = errands.run(WireFormatTest_BillingOrchestrator.workflow(), "c-1", LINES);
    assertEquals(inProcess, temporal);
    assertEquals(new Invoice("A-c-1-vip-7", new BigDecimal("5.4900"), Set.of("b2b", "paid")), temporal.invoice());
    assertEquals(Long.class, temporal.customer().extra().getClass());
    assertEquals(Long.class, temporal.customer().notes().keySet().iterator().next().getClass());
  }

  @Test
  void thePayloadsOfARunArePlainJsonWithoutJavaClassNames() throws IOException {
    String id = errands.start(WireFormatTest_BillingOrchestrator.workflow(), "c-2", LINES).workflowId();
    errands.attach(id, WireFormatTest_BillingOrchestrator.workflow()).result();
    var values = new ArrayList<JsonNode>(); // every value that crossed: not the declaration, which names types
    JsonNode started = null;
    JsonNode completed = null;
    var stepResults = new ArrayList<JsonNode>();
    for (HistoryEvent event : env.getWorkflowClient().fetchHistory(id).getEvents()) {
      if (event.hasWorkflowExecutionStartedEventAttributes()) {
        started = json(event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0));
        values.add(started.get("inputs"));
      } else if (event.hasActivityTaskScheduledEventAttributes()) {
        JsonNode args = json(event.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0));
        values.add(args.get("inputs"));
        values.add(args.get("results"));
        values.add(args.get("element"));
      } else if (event.hasActivityTaskCompletedEventAttributes()) {
        JsonNode result = json(event.getActivityTaskCompletedEventAttributes().getResult().getPayloads(0));
        stepResults.add(result);
        values.add(result);
      } else if (event.hasWorkflowExecutionCompletedEventAttributes()) {
        completed = json(event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0));
        values.add(completed.get("results"));
      }
    }
    assertEquals(4, stepResults.size(), "customer, price per line (2), invoice");
    assertEquals(1 + 4 * 3 + 4 + 1, values.size(), "inputs; each activity's inputs, results and element; its result; the run's");
    for (JsonNode value : values) {
      String text = String.valueOf(value);
      assertFalse(text.contains("java.") || text.contains("@class") || text.contains("$") || text.contains("dev.errands"), text);
    }
    // The inputs: as their types say, no type names.
    assertEquals(plain.readTree("""
        {"customerId":"c-2","lines":[{"sku":"tea","quantity":2,"unitPrice":"1.50"},{"sku":"cake","quantity":1,"unitPrice":"3.10"}]}
        """), started.get("inputs"));
    // A step's result: its record plainly; a type name where its type does not say (Object, an interface).
    assertTrue(stepResults.contains(plain.readTree("""
        {"value":{"id":"c-2","notes":{"42":"vip"},"nickname":"Ada","credit":"10.00","visits":10000000000,
          "extra":{"@type":"Long","@value":7},"discount":{"@type":"percent","percent":10}}}
        """)), stepResults.toString());
    assertTrue(stepResults.contains(plain.readTree("{\"value\":\"3.00\"}")), stepResults.toString());
    // The run's result: every node's value by name, as their types say.
    assertEquals(plain.readTree("""
        {"number":"A-c-2-vip-7","total":"5.4900","tags":["b2b","paid"]}
        """), completed.get("results").get("invoice"));
    assertEquals(plain.readTree("[\"3.00\",\"3.10\"]"), completed.get("results").get("price"));
  }

  /** What the CLI shows of {@code payload}: its data, JSON in UTF-8, as its encoding says. */
  private JsonNode json(Payload payload) throws IOException {
    assertEquals("json/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
    return plain.readTree(payload.getData().toStringUtf8());
  }
}
