package dev.errands.benchmarks;

import com.linkedin.parseq.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Scenario 2: the diamond a → (b, c) → d. Time per run, from either caller. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class Diamond extends PeerScenario {
  private final DiamondService service = new DiamondService();
  private final DiamondServiceOrchestrator errands = new DiamondServiceOrchestrator(service);
  private final DiamondServiceOrchestrator errandsDirect =
      new DiamondServiceOrchestrator(service, Work.DIRECT);

  @Benchmark
  public void errands(Blackhole bh) throws InterruptedException {
    bh.consume(errands.run(seed).d());
  }

  /**
   * The engine's own cost, without thread hand-offs: every step on the calling thread (the given
   * executor runs each task where it is handed over), as Dagger's direct executor does.
   */
  @Benchmark
  public void errandsDirect(Blackhole bh) throws InterruptedException {
    bh.consume(errandsDirect.run(seed).d());
  }

  @Benchmark
  public void completableFuture(Blackhole bh) {
    int x = seed;
    var a = CompletableFuture.supplyAsync(() -> service.a(x), Work.VIRTUAL);
    var b = a.thenApplyAsync(service::b, Work.VIRTUAL);
    var c = a.thenApplyAsync(service::c, Work.VIRTUAL);
    bh.consume(b.thenCombine(c, service::d).join());
  }

  @Benchmark
  public void sequential(Blackhole bh) {
    int a = service.a(seed);
    bh.consume(service.d(service.b(a), service.c(a)));
  }

  @Benchmark
  public void daggerVirtual(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerDiamondProduction_Graph.builder().seed(seed).executor(Work.VIRTUAL).build()
        .d().get());
  }

  @Benchmark
  public void daggerDirect(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerDiamondProduction_Graph.builder().seed(seed).executor(Work.DIRECT).build()
        .d().get());
  }

  @Benchmark
  public void parseqUserGuide(Blackhole bh) throws InterruptedException {
    bh.consume(parseqUserGuide.run(plan(seed)));
  }

  @Benchmark
  public void parseqVirtual(Blackhole bh) throws InterruptedException {
    bh.consume(parseqVirtual.run(plan(seed)));
  }

  private Task<Integer> plan(int x) {
    return Task.callable("a", () -> service.a(x))
        .flatMap("b and c", a -> Task.par(
                Task.callable("b", () -> service.b(a)),
                Task.callable("c", () -> service.c(a)))
            .map("d", service::d));
  }

  @Fork(1)
  public static class PlatformCaller extends Diamond {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends Diamond {}
}
