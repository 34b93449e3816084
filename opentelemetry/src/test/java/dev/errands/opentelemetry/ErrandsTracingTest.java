package dev.errands.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.WorkflowFailedException;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ErrandsTracingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Tracer tracer = otel.getTracer("test");
  private final RunOptions traced = ErrandsTracing.options(otel);

  @AfterEach
  void close() {
    otel.close();
  }

  private List<SpanData> named(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .sorted(Comparator.comparing((SpanData s) -> s.getAttributes().get(ErrandsTracing.ATTEMPT), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> s.getAttributes().get(ErrandsTracing.ELEMENT), Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
  }

  private SpanData only(String name) {
    List<SpanData> spans = named(name);
    assertEquals(1, spans.size(), () -> name + " in " + exporter.getFinishedSpanItems());
    return spans.get(0);
  }

  @Test
  void aRunIsAChildOfTheCallersSpanAndEachExecutionAChildOfTheRunWithWhatItsCodeStarts() throws Exception {
    var orchestrator = new TracedProfileOrchestrator(new TracedProfile(tracer), traced);
    Span request = tracer.spanBuilder("GET /profile").startSpan();
    TracedProfileOrchestrator.Result result;
    try (var scope = request.makeCurrent()) {
      result = orchestrator.run(42L);
    } finally {
      request.end();
    }
    assertEquals(List.of(5, 6), result.lengths());

    SpanData run = only("TracedProfile");
    assertEquals(request.getSpanContext().getSpanId(), run.getParentSpanId());
    assertEquals(request.getSpanContext().getTraceId(), run.getTraceId());
    assertEquals("dev.errands.opentelemetry.TracedProfile", run.getAttributes().get(ErrandsTracing.WORKFLOW));
    assertEquals("SUCCEEDED", run.getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals(ErrandsTracing.INSTRUMENTATION_NAME, run.getInstrumentationScopeInfo().getName());

    SpanData user = only("TracedProfile.user");
    assertEquals(run.getSpanId(), user.getParentSpanId());
    assertEquals("user", user.getAttributes().get(ErrandsTracing.STEP));
    assertEquals(1L, user.getAttributes().get(ErrandsTracing.ATTEMPT));
    assertNull(user.getAttributes().get(ErrandsTracing.ELEMENT));
    assertNull(user.getAttributes().get(ErrandsTracing.RACE));
    assertEquals("SUCCEEDED", user.getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals(StatusCode.UNSET, user.getStatus().getStatusCode());

    SpanData client = only("GET /users/42");
    assertEquals(user.getSpanId(), client.getParentSpanId(), "a span the step's code starts nests under the step's");
    assertEquals(request.getSpanContext().getTraceId(), client.getTraceId());

    List<SpanData> posts = named("TracedProfile.posts");
    assertEquals(2, posts.size(), "each attempt is a span of its own");
    assertEquals(1L, posts.get(0).getAttributes().get(ErrandsTracing.ATTEMPT));
    assertEquals("FAILED", posts.get(0).getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals(StatusCode.ERROR, posts.get(0).getStatus().getStatusCode());
    assertEquals("connection reset", posts.get(0).getEvents().get(0).getAttributes()
        .get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.message")));
    assertEquals(2L, posts.get(1).getAttributes().get(ErrandsTracing.ATTEMPT));
    assertEquals("SUCCEEDED", posts.get(1).getAttributes().get(ErrandsTracing.OUTCOME));
    posts.forEach(p -> assertEquals(run.getSpanId(), p.getParentSpanId()));

    List<SpanData> lengths = named("TracedProfile.lengths");
    assertEquals(2, lengths.size(), "each element is a span of its own");
    assertEquals(0L, lengths.get(0).getAttributes().get(ErrandsTracing.ELEMENT));
    assertEquals(1L, lengths.get(1).getAttributes().get(ErrandsTracing.ELEMENT));
    lengths.forEach(l -> assertEquals(run.getSpanId(), l.getParentSpanId()));

    assertFalse(Span.current().getSpanContext().isValid(), "nothing left current on the caller");

    // The README shows this trace.
    assertEquals("""
        GET /profile
          TracedProfile [SUCCEEDED]
            TracedProfile.lengths attempt=1 element=0 [SUCCEEDED]
            TracedProfile.lengths attempt=1 element=1 [SUCCEEDED]
            TracedProfile.posts attempt=1 [FAILED, ERROR: java.io.IOException: connection reset]
            TracedProfile.posts attempt=2 [SUCCEEDED]
            TracedProfile.user attempt=1 [SUCCEEDED]
              GET /users/42
        """, tree(exporter.getFinishedSpanItems()));
  }

  /** The spans as a tree, children under their parent, siblings by name, attempt and element. */
  static String tree(List<SpanData> spans) {
    var out = new StringBuilder();
    spans.stream().filter(s -> !s.getParentSpanContext().isValid()).forEach(root -> tree(spans, root, "", out));
    return out.toString();
  }

  private static void tree(List<SpanData> spans, SpanData span, String indent, StringBuilder out) {
    var a = span.getAttributes();
    out.append(indent).append(span.getName());
    if (a.get(ErrandsTracing.ATTEMPT) != null) {
      out.append(" attempt=").append(a.get(ErrandsTracing.ATTEMPT));
    }
    if (a.get(ErrandsTracing.ELEMENT) != null) {
      out.append(" element=").append(a.get(ErrandsTracing.ELEMENT));
    }
    if (a.get(ErrandsTracing.OUTCOME) != null) {
      out.append(" [").append(a.get(ErrandsTracing.OUTCOME));
      if (span.getStatus().getStatusCode() == StatusCode.ERROR && !span.getEvents().isEmpty()) {
        var e = span.getEvents().get(0).getAttributes();
        out.append(", ERROR: ").append(e.get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.type")))
            .append(": ").append(e.get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.message")));
      }
      out.append("]");
    }
    out.append('\n');
    spans.stream()
        .filter(s -> s.getParentSpanId().equals(span.getSpanId()))
        .sorted(Comparator.comparing(SpanData::getName)
            .thenComparing(s -> s.getAttributes().get(ErrandsTracing.ATTEMPT), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> s.getAttributes().get(ErrandsTracing.ELEMENT), Comparator.nullsFirst(Comparator.naturalOrder())))
        .forEach(child -> tree(spans, child, indent + "  ", out));
  }

  @Test
  void theLosingRacerIsCancelledNotAnErrorAndTheWinnerWon() throws Exception {
    assertEquals("fast", new TracedRaceOrchestrator(new TracedRace(), traced).run().pizza());

    SpanData fast = only("TracedRace.fast");
    SpanData slow = only("TracedRace.slow");
    assertEquals("pizza", fast.getAttributes().get(ErrandsTracing.RACE));
    assertEquals(Boolean.TRUE, fast.getAttributes().get(ErrandsTracing.RACE_WON));
    assertEquals("SUCCEEDED", fast.getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals(Boolean.FALSE, slow.getAttributes().get(ErrandsTracing.RACE_WON));
    assertEquals("CANCELLED", slow.getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals(StatusCode.UNSET, slow.getStatus().getStatusCode(), "a lost race is no error");
    assertTrue(slow.getEvents().isEmpty(), "its interruption is not recorded as an exception");
  }

  @Test
  void aFailedStepAndItsRunAreErrorsWithTheException() {
    var e = assertThrows(WorkflowFailedException.class, () -> new TracedFailureOrchestrator(new TracedFailure(), traced).run());
    assertEquals("broken", e.step());

    SpanData step = only("TracedFailure.broken");
    assertEquals(StatusCode.ERROR, step.getStatus().getStatusCode());
    assertEquals("FAILED", step.getAttributes().get(ErrandsTracing.OUTCOME));
    assertEquals("exception", step.getEvents().get(0).getName());
    SpanData run = only("TracedFailure");
    assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
    assertEquals("broken", run.getAttributes().get(ErrandsTracing.FAILED_STEP));
    assertFalse(run.getParentSpanContext().isValid(), "no span was current: the run's is a root");
  }

  @Test
  void theCallersBaggageIsCurrentInEveryStepOfARunAsync() throws Exception {
    var seen = new java.util.concurrent.atomic.AtomicReference<String>();
    var tracerThatReads = new TracedProfile(tracer) {
      @Override
      String user(long userId) {
        seen.set(Baggage.current().getEntryValue("tenant"));
        return super.user(userId);
      }
    };
    var orchestrator = new TracedProfileOrchestrator(tracerThatReads, traced);
    TracedProfileOrchestrator.Result result;
    try (var scope = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      result = orchestrator.runAsync(7L).get();
    }
    assertEquals("user-7", result.user());
    assertEquals("acme", seen.get());
    assertEquals(7, exporter.getFinishedSpanItems().size(),
        "run, user, its client span, posts twice, lengths twice; all ended before the future completed");
  }
}
