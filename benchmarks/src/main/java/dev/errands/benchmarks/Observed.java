package dev.errands.benchmarks;

import dev.errands.micrometer.ErrandsObservations;
import dev.errands.opentelemetry.ErrandsTracing;
import dev.errands.runtime.RunOptions;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What observation costs per step (issue 18, point 6): the chain of 50 trivial steps of {@link
 * Chain}, every step on the calling thread (a direct executor, so no thread hand-off blurs the
 * figure), with nothing configured, with {@link ErrandsTracing} on the OpenTelemetry SDK (every span
 * sampled, a {@link BatchSpanProcessor} as in production, an exporter that drops what it is given;
 * and with every run left out by the sampler),
 * and with {@link ErrandsObservations} on an {@link ObservationRegistry} whose handler records a
 * timer per step in a {@link SimpleMeterRegistry}. (the score − {@code nothing}) / 51 is the cost per
 * observed execution (50 steps and the run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Observed {
  private SdkTracerProvider tracerProvider;
  private SdkTracerProvider unsampledProvider;
  private ChainServiceOrchestrator nothing;
  private ChainServiceOrchestrator openTelemetry;
  private ChainServiceOrchestrator openTelemetryUnsampled;
  private ChainServiceOrchestrator micrometer;
  private int seed;

  /** Drops every span: what the SDK costs, not what a collector would. */
  private static final class DroppingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Setup
  public void setUp() {
    seed = ThreadLocalRandom.current().nextInt();
    nothing = new ChainServiceOrchestrator(new ChainService(), RunOptions.of(Work.DIRECT));

    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
        .build();
    openTelemetry = new ChainServiceOrchestrator(new ChainService(), RunOptions.builder()
        .executor(Work.DIRECT)
        .observe(ErrandsTracing.create(tracerProvider.get("benchmark")))
        .build());

    // A run the sampler leaves out (head sampling keeps a share of the traces): what the API costs.
    unsampledProvider = SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOff())
        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
        .build();
    openTelemetryUnsampled = new ChainServiceOrchestrator(new ChainService(), RunOptions.builder()
        .executor(Work.DIRECT)
        .observe(ErrandsTracing.create(unsampledProvider.get("benchmark")))
        .build());

    var registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
    micrometer = new ChainServiceOrchestrator(new ChainService(), RunOptions.builder()
        .executor(Work.DIRECT)
        .observe(ErrandsObservations.create(registry))
        .build());
  }

  @TearDown
  public void tearDown() {
    tracerProvider.close();
    unsampledProvider.close();
  }

  @Benchmark
  public void nothing(Blackhole bh) throws InterruptedException {
    bh.consume(nothing.run(seed).s49());
  }

  @Benchmark
  public void openTelemetry(Blackhole bh) throws InterruptedException {
    bh.consume(openTelemetry.run(seed).s49());
  }

  @Benchmark
  public void openTelemetryUnsampled(Blackhole bh) throws InterruptedException {
    bh.consume(openTelemetryUnsampled.run(seed).s49());
  }

  @Benchmark
  public void micrometer(Blackhole bh) throws InterruptedException {
    bh.consume(micrometer.run(seed).s49());
  }
}
