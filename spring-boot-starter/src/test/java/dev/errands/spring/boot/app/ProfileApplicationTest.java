package dev.errands.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole way, as in production: a real embedded server, an HTTP request to a controller that runs
 * a workflow through the orchestrator the starter made a bean, the steps' timers read from the
 * actuator's metrics endpoint over HTTP, and their spans in the request's trace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=metrics",
      "management.tracing.sampling.probability=1.0",
    })
@AutoConfigureTracing
@Timeout(60)
class ProfileApplicationTest {
  private static final String WORKFLOW = "dev.errands.spring.boot.app.ProfileService";

  @LocalServerPort
  int port;

  /** Every span, as it ends (SimpleSpanProcessor: synchronously); a latch for the server's span. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    static final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    static final CountDownLatch serverSpanEnded = new CountDownLatch(1);

    @Bean
    SpanProcessor recordingSpanProcessor() {
      return new SpanProcessor() {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
          return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
          exporter.export(List.of(span.toSpanData()));
          if (span.getKind() == SpanKind.SERVER && span.getName().contains("/profile/")) {
            serverSpanEnded.countDown();
          }
        }

        @Override
        public boolean isEndRequired() {
          return true;
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }
  }

  private String get(String path) throws Exception {
    try (var client = HttpClient.newHttpClient()) {
      var response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return response.body();
    }
  }

  @Test
  void aRequestRunsAWorkflowWhoseStepsAreTimersAndSpansOfTheRequestsTrace() throws Exception {
    assertThat(get("/profile/42")).isEqualTo("user-42 2 posts");

    // The timers, from the actuator's endpoint, over HTTP.
    JsonMapper json = JsonMapper.builder().build();
    JsonNode user = json.readTree(get("/actuator/metrics/errands.step?tag=step:user&tag=outcome:SUCCEEDED&tag=workflow:" + WORKFLOW));
    assertThat(user.get("baseUnit").asString()).isEqualTo("seconds");
    assertThat(measurement(user, "COUNT")).isEqualTo(1.0);
    JsonNode steps = json.readTree(get("/actuator/metrics/errands.step"));
    assertThat(measurement(steps, "COUNT")).isEqualTo(3.0);
    Map<String, List<String>> tags = new java.util.TreeMap<>();
    steps.get("availableTags").forEach(tag -> tags.put(tag.get("tag").asString(),
        tag.get("values").valueStream().map(JsonNode::asString).sorted().toList()));
    assertThat(tags).containsEntry("step", List.of("page", "posts", "user"))
        .containsEntry("outcome", List.of("SUCCEEDED"))
        .containsEntry("workflow", List.of(WORKFLOW));
    JsonNode runs = json.readTree(get("/actuator/metrics/errands.run?tag=outcome:SUCCEEDED"));
    assertThat(measurement(runs, "COUNT")).isEqualTo(1.0);

    // The spans: the run's a child of the request's, each step's a child of the run's, one trace.
    assertThat(Spans.serverSpanEnded.await(20, TimeUnit.SECONDS)).as("the request's span ended").isTrue();
    List<SpanData> spans = Spans.exporter.getFinishedSpanItems();
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/profile/")).findFirst().orElseThrow();
    SpanData run = named(spans, "ProfileService");
    assertThat(run.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(run.getParentSpanId()).isEqualTo(server.getSpanId());
    for (String step : List.of("user", "posts", "page")) {
      SpanData span = named(spans, "ProfileService." + step);
      assertThat(span.getTraceId()).as(step).isEqualTo(server.getTraceId());
      assertThat(span.getParentSpanId()).as(step).isEqualTo(run.getSpanId());
    }
  }

  private static double measurement(JsonNode metric, String statistic) {
    for (JsonNode m : metric.get("measurements")) {
      if (m.get("statistic").asString().equals(statistic)) {
        return m.get("value").asDouble();
      }
    }
    throw new AssertionError("no " + statistic + " in " + metric);
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(SpanData::getName).toList()));
  }
}
