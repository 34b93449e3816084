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

/** Scenario 1: a, b, c independent, then join(a, b, c). Time per run, from either caller. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class FanOut extends PeerScenario {
  private final FanOutService service = new FanOutService();
  private final FanOutServiceOrchestrator errands = new FanOutServiceOrchestrator(service);
  private final FanOutServiceOrchestrator errandsDirect =
      new FanOutServiceOrchestrator(service, Work.DIRECT);

  @Benchmark
  public void errands(Blackhole bh) throws InterruptedException {
    bh.consume(errands.run(seed).join());
  }

  /**
   * The engine's own cost, without thread hand-offs: every step on the calling thread (the given
   * executor runs each task where it is handed over), as Dagger's direct executor does.
   */
  @Benchmark
  public void errandsDirect(Blackhole bh) throws InterruptedException {
    bh.consume(errandsDirect.run(seed).join());
  }

  @Benchmark
  public void completableFuture(Blackhole bh) {
    int x = seed;
    var a = CompletableFuture.supplyAsync(() -> service.a(x), Work.VIRTUAL);
    var b = CompletableFuture.supplyAsync(() -> service.b(x), Work.VIRTUAL);
    var c = CompletableFuture.supplyAsync(() -> service.c(x), Work.VIRTUAL);
    var join = CompletableFuture.allOf(a, b, c)
        .thenApply(done -> service.join(a.join(), b.join(), c.join()));
    bh.consume(join.join());
  }

  @Benchmark
  public void sequential(Blackhole bh) {
    int x = seed;
    bh.consume(service.join(service.a(x), service.b(x), service.c(x)));
  }

  @Benchmark
  public void daggerVirtual(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerFanOutProduction_Graph.builder().seed(seed).executor(Work.VIRTUAL).build()
        .join().get());
  }

  @Benchmark
  public void daggerDirect(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerFanOutProduction_Graph.builder().seed(seed).executor(Work.DIRECT).build()
        .join().get());
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
    return Task.par(
            Task.callable("a", () -> service.a(x)),
            Task.callable("b", () -> service.b(x)),
            Task.callable("c", () -> service.c(x)))
        .map("join", service::join);
  }

  @Fork(1)
  public static class PlatformCaller extends FanOut {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends FanOut {}
}
