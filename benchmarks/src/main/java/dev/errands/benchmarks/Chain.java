package dev.errands.benchmarks;

import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 4: a chain of 50 dependent trivial steps, step {@code i} being {@code Work.step(previous,
 * i)} in every contender (as {@link ChainService}'s {@code sNN} methods are).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class Chain {
  static final int LENGTH = 50;

  private final ChainServiceOrchestrator errands = new ChainServiceOrchestrator(new ChainService());
  private final ChainServiceOrchestrator errandsDirect =
      new ChainServiceOrchestrator(new ChainService(), Work.DIRECT);
  private int seed;

  @Setup
  public void setUp() {
    Callers.check(this);
    seed = ThreadLocalRandom.current().nextInt();
  }

  @Benchmark
  public void errands(Blackhole bh) throws InterruptedException {
    bh.consume(errands.run(seed).s49());
  }

  /** The engine's own cost, without thread hand-offs: every step on the calling thread. */
  @Benchmark
  public void errandsDirect(Blackhole bh) throws InterruptedException {
    bh.consume(errandsDirect.run(seed).s49());
  }

  /**
   * As one writes a chain by hand: the first step on a virtual thread, each next one with {@code
   * thenApply}, which runs it on the thread that completed the previous one (or on the caller,
   * when that one had already completed as the chain was being built).
   */
  @Benchmark
  public void completableFuture(Blackhole bh) {
    int x = seed;
    CompletableFuture<Integer> chain = CompletableFuture.supplyAsync(() -> Work.step(x, 0), Work.VIRTUAL);
    for (int i = 1; i < LENGTH; i++) {
      int salt = i;
      chain = chain.thenApply(previous -> Work.step(previous, salt));
    }
    bh.consume(chain.join());
  }

  @Benchmark
  public void sequential(Blackhole bh) {
    int value = seed;
    for (int i = 0; i < LENGTH; i++) {
      value = Work.step(value, i);
    }
    bh.consume(value);
  }

  @Fork(1)
  public static class PlatformCaller extends Chain {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends Chain {}
}
