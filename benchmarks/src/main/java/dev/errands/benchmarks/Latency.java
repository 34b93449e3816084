package dev.errands.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 6, latency-bound: {@code runs} runs started at once, each three steps that sleep 10 ms
 * then a join; one operation is the wall time until every run has ended. The critical path of one
 * run is 10 ms. On {@code pool200} (a fixed pool of 200 platform threads) the sleeps themselves
 * hold the threads, so the bound is {@code runs × 3 × 10 ms / 200} instead; see {@link
 * #boundMillis}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Latency {
  static final int POOL_THREADS = 200;

  @Param("10000")
  int runs;

  /** {@code virtual}: a new virtual thread per step; {@code pool200}: 200 platform threads. */
  @Param({"virtual", "pool200"})
  String executor;

  private final LatencyService service = new LatencyService();
  private LatencyServiceOrchestrator errands;
  private ExecutorService pool;
  private Executor steps;
  private int seed;

  /** The least wall time one operation can take: the critical path, or what the pool can do. */
  static double boundMillis(String executor, int runs) {
    return executor.equals("virtual")
        ? LatencyService.MILLIS
        : Math.ceil(runs * 3.0 / POOL_THREADS) * LatencyService.MILLIS;
  }

  @Setup
  public void setUp() {
    seed = ThreadLocalRandom.current().nextInt();
    if (executor.equals("virtual")) {
      steps = Work.VIRTUAL;
      errands = new LatencyServiceOrchestrator(service);
    } else {
      pool = Executors.newFixedThreadPool(POOL_THREADS);
      steps = pool;
      errands = new LatencyServiceOrchestrator(service, pool);
    }
  }

  @TearDown
  public void tearDown() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  @Benchmark
  public void errands(Blackhole bh) {
    @SuppressWarnings("unchecked")
    CompletableFuture<LatencyServiceOrchestrator.Result>[] all = new CompletableFuture[runs];
    for (int i = 0; i < runs; i++) {
      all[i] = errands.runAsync(seed + i);
    }
    for (var run : all) {
      bh.consume(run.join().join());
    }
  }

  @Benchmark
  public void completableFuture(Blackhole bh) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Integer>[] all = new CompletableFuture[runs];
    for (int i = 0; i < runs; i++) {
      int x = seed + i;
      var a = CompletableFuture.supplyAsync(() -> sleep(() -> service.a(x)), steps);
      var b = CompletableFuture.supplyAsync(() -> sleep(() -> service.b(x)), steps);
      var c = CompletableFuture.supplyAsync(() -> sleep(() -> service.c(x)), steps);
      all[i] = CompletableFuture.allOf(a, b, c)
          .thenApply(done -> service.join(a.join(), b.join(), c.join()));
    }
    for (var run : all) {
      bh.consume(run.join());
    }
  }

  /** Each run's steps one after another, the runs side by side: 30 ms a run at best. */
  @Benchmark
  public void sequential(Blackhole bh) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Integer>[] all = new CompletableFuture[runs];
    for (int i = 0; i < runs; i++) {
      int x = seed + i;
      all[i] = CompletableFuture.supplyAsync(
          () -> sleep(() -> service.join(service.a(x), service.b(x), service.c(x))), steps);
    }
    for (var run : all) {
      bh.consume(run.join());
    }
  }

  private interface Sleeper {
    int call() throws InterruptedException;
  }

  private static int sleep(Sleeper step) {
    try {
      return step.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
