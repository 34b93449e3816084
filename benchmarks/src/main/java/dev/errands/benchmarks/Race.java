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

/** Scenario 5: a race of three trivial racers. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class Race {
  private final RaceService service = new RaceService();
  private final RaceServiceOrchestrator errands = new RaceServiceOrchestrator(service);
  private final RaceServiceOrchestrator errandsDirect =
      new RaceServiceOrchestrator(service, Work.DIRECT);
  private int seed;

  @Setup
  public void setUp() {
    Callers.check(this);
    seed = ThreadLocalRandom.current().nextInt();
  }

  /** Returns once the race is decided and every loser has ended (interrupted if still running). */
  @Benchmark
  public void errands(Blackhole bh) throws InterruptedException {
    bh.consume(errands.run(seed).winner());
  }

  /**
   * The engine's own cost, without thread hand-offs: every step on the calling thread (the given
   * executor runs each task where it is handed over), as Dagger's direct executor does.
   */
  @Benchmark
  public void errandsDirect(Blackhole bh) throws InterruptedException {
    bh.consume(errandsDirect.run(seed).winner());
  }

  /**
   * As {@code Promise.race} by hand: {@code anyOf}, then cancel the others (which cannot interrupt
   * them: losers still running go on after this returns).
   */
  @Benchmark
  public void completableFuture(Blackhole bh) {
    int x = seed;
    var first = CompletableFuture.supplyAsync(() -> service.first(x), Work.VIRTUAL);
    var second = CompletableFuture.supplyAsync(() -> service.second(x), Work.VIRTUAL);
    var third = CompletableFuture.supplyAsync(() -> service.third(x), Work.VIRTUAL);
    Object winner = CompletableFuture.anyOf(first, second, third).join();
    first.cancel(true);
    second.cancel(true);
    third.cancel(true);
    bh.consume(winner);
  }

  /** The floor: only the first racer, called directly. */
  @Benchmark
  public void sequential(Blackhole bh) {
    bh.consume(service.first(seed));
  }

  @Fork(1)
  public static class PlatformCaller extends Race {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends Race {}
}
