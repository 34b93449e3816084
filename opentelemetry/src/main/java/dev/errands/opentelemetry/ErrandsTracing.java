package dev.errands.opentelemetry;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traces runs with OpenTelemetry: a span per run, child of the span current where {@code run} or
 * {@code runAsync} was called, and a span per step execution (each attempt, each {@code @Each}
 * element, each racer), child of the run's, current while the step's method runs, so the spans of
 * an HTTP client or a JDBC driver the step calls nest under it.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service, RunOptions.builder()
 *     .observe(ErrandsTracing.create(openTelemetry))
 *     .build());
 * }</pre>
 *
 * <p>A run's span is named after the service class ({@code ProfileService}), a step's after the
 * class and the step ({@code ProfileService.user}); both are {@link SpanKind#INTERNAL}. Attributes:
 * {@code errands.workflow} (the service class's qualified name) on both; on a step's, {@code
 * errands.step}, {@code errands.attempt}, {@code errands.element} (the index, for {@code @Each}),
 * {@code errands.race} and {@code errands.race.won} (for racers), and {@code errands.outcome}
 * ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}, as the Flight Recorder event). A failed
 * step records its exception and has status {@link StatusCode#ERROR}; a cancelled one (a race's
 * loser, a step the run gave up on) is no error. A failed run's span records the cause and names
 * the step in {@code errands.failed_step}.
 *
 * <p>The run's {@link Context} (the caller's, with the run's span) is current in every step, on
 * whatever thread the step runs: baggage set by the caller reaches the steps without a {@link
 * dev.errands.runtime.ContextPropagator}.
 */
public final class ErrandsTracing implements StepObserver {
  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.errands.opentelemetry";

  public static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("errands.workflow");
  public static final AttributeKey<String> STEP = AttributeKey.stringKey("errands.step");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("errands.attempt");
  public static final AttributeKey<Long> ELEMENT = AttributeKey.longKey("errands.element");
  public static final AttributeKey<String> RACE = AttributeKey.stringKey("errands.race");
  public static final AttributeKey<Boolean> RACE_WON = AttributeKey.booleanKey("errands.race.won");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("errands.outcome");
  public static final AttributeKey<String> FAILED_STEP = AttributeKey.stringKey("errands.failed_step");

  private final Tracer tracer;
  // Span names by workflow: built once per step, not once per execution. As many as there are
  // service classes and steps in the application.
  private final ConcurrentHashMap<String, Names> names = new ConcurrentHashMap<>();

  private ErrandsTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Traces with {@code openTelemetry}'s tracer for {@value #INSTRUMENTATION_NAME}. */
  public static ErrandsTracing create(OpenTelemetry openTelemetry) {
    return new ErrandsTracing(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION_NAME));
  }

  /** Traces with {@code tracer}. */
  public static ErrandsTracing create(Tracer tracer) {
    return new ErrandsTracing(Objects.requireNonNull(tracer, "tracer"));
  }

  /** Shorthand for {@code RunOptions.builder().observe(create(openTelemetry)).build()}. */
  public static RunOptions options(OpenTelemetry openTelemetry) {
    return RunOptions.builder().observe(create(openTelemetry)).build();
  }

  @Override
  public RunObservation startRun(String workflow) {
    Context parent = Context.current();
    Names workflowNames = names.computeIfAbsent(workflow, Names::new);
    Span span = tracer.spanBuilder(workflowNames.simpleName)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(WORKFLOW, workflow)
        .startSpan();
    return new TracedRun(tracer, workflow, workflowNames, span, parent.with(span));
  }

  /** A workflow's span names: its simple name, and {@code Simple.step} for each of its steps. */
  private static final class Names {
    final String simpleName;
    final ConcurrentHashMap<String, String> steps = new ConcurrentHashMap<>();

    Names(String workflow) {
      simpleName = workflow.substring(workflow.lastIndexOf('.') + 1);
    }

    String of(String step) {
      String name = steps.get(step);
      return name != null ? name : steps.computeIfAbsent(step, s -> simpleName + "." + s);
    }
  }

  private record TracedRun(Tracer tracer, String workflow, Names names, Span span, Context context)
      implements RunObservation {

    @Override
    public StepObservation startStep(String step, String race, int attempt, int element) {
      var builder = tracer.spanBuilder(names.of(step))
          .setParent(context)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(WORKFLOW, workflow)
          .setAttribute(STEP, step)
          .setAttribute(ATTEMPT, (long) attempt);
      if (element >= 0) {
        builder.setAttribute(ELEMENT, (long) element);
      }
      if (race != null) {
        builder.setAttribute(RACE, race);
      }
      Span stepSpan = builder.startSpan();
      return new TracedStep(stepSpan, race != null, context.with(stepSpan).makeCurrent());
    }

    @Override
    public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
      span.setAttribute(OUTCOME, outcome.name());
      if (outcome == RunEvent.Outcome.FAILED) {
        span.setAttribute(FAILED_STEP, failedStep);
        if (failure != null) {
          span.recordException(failure);
        }
        span.setStatus(StatusCode.ERROR, "step '" + failedStep + "' failed");
      }
      span.end();
    }
  }

  private static final class TracedStep implements StepObservation {
    private final Span span;
    private final boolean racer;
    private final Scope scope;

    TracedStep(Span span, boolean racer, Scope scope) {
      this.span = span;
      this.racer = racer;
      this.scope = scope;
    }

    @Override
    public void exit() {
      scope.close();
    }

    @Override
    public void end(RunEvent.Outcome outcome, Throwable failure, boolean won) {
      span.setAttribute(OUTCOME, outcome.name());
      if (racer) {
        span.setAttribute(RACE_WON, won);
      }
      if (outcome == RunEvent.Outcome.FAILED) {
        if (failure != null) {
          span.recordException(failure);
        }
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }
}
