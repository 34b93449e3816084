package dev.errands.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A fan-out over a list of 100 elements through {@code @Each}, against the same by hand with
 * {@code CompletableFuture} on virtual threads, and the plain loop as the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class EachFanOut {
  static final List<Integer> SALTS = IntStream.range(0, 100).boxed().toList();

  private final EachFanOutServiceOrchestrator errands = new EachFanOutServiceOrchestrator(new EachFanOutService());
  private final EachFanOutServiceOrchestrator errandsDirect =
      new EachFanOutServiceOrchestrator(new EachFanOutService(), Work.DIRECT);
  private int seed;

  @Setup
  public void setUp() {
    Callers.check(this);
    seed = ThreadLocalRandom.current().nextInt();
  }

  @Benchmark
  public void errands(Blackhole bh) throws InterruptedException {
    bh.consume(errands.run(SALTS, seed).join());
  }

  /** The engine's own cost, every element on the calling thread. */
  @Benchmark
  public void errandsDirect(Blackhole bh) throws InterruptedException {
    bh.consume(errandsDirect.run(SALTS, seed).join());
  }

  @Benchmark
  @SuppressWarnings("unchecked")
  public void completableFuture(Blackhole bh) {
    int x = seed;
    CompletableFuture<Integer>[] steps = new CompletableFuture[SALTS.size()];
    for (int i = 0; i < steps.length; i++) {
      int salt = SALTS.get(i);
      steps[i] = CompletableFuture.supplyAsync(() -> Work.step(x, salt), Work.VIRTUAL);
    }
    var join = CompletableFuture.allOf(steps).thenApply(done -> {
      int h = 0;
      for (CompletableFuture<Integer> step : steps) {
        h = h * 31 + step.join();
      }
      return h;
    });
    bh.consume(join.join());
  }

  @Benchmark
  public void sequential(Blackhole bh) {
    int h = 0;
    for (int salt : SALTS) {
      h = h * 31 + Work.step(seed, salt);
    }
    bh.consume(h);
  }

  @Fork(1)
  public static class PlatformCaller extends EachFanOut {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends EachFanOut {}
}
