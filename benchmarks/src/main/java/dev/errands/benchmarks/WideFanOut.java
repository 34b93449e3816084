package dev.errands.benchmarks;

import com.linkedin.parseq.Task;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Scenario 3: 100 independent trivial steps, then a join of all their results. Step {@code i} is
 * {@code Work.step(seed, i)} in every contender (the service's {@code sNN} methods are exactly
 * that), and the join folds the values in order as {@link WideFanOutService#join} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class WideFanOut extends PeerScenario {
  static final int WIDTH = 100;
  private static final String[] NAMES = new String[WIDTH];

  static {
    for (int i = 0; i < WIDTH; i++) {
      NAMES[i] = String.format("s%02d", i);
    }
  }

  private final WideFanOutService service = new WideFanOutService();
  private final WideFanOutServiceOrchestrator errands = new WideFanOutServiceOrchestrator(service);
  private final WideFanOutServiceOrchestrator errandsDirect =
      new WideFanOutServiceOrchestrator(service, Work.DIRECT);

  private static int join(List<Integer> values) {
    int h = 0;
    for (int v : values) {
      h = h * 31 + v;
    }
    return h;
  }

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
  @SuppressWarnings("unchecked")
  public void completableFuture(Blackhole bh) {
    int x = seed;
    CompletableFuture<Integer>[] steps = new CompletableFuture[WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      int salt = i;
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
    for (int i = 0; i < WIDTH; i++) {
      h = h * 31 + Work.step(seed, i);
    }
    bh.consume(h);
  }

  @Benchmark
  public void daggerVirtual(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerWideFanOutProduction_Graph.builder().seed(seed).executor(Work.VIRTUAL).build()
        .join().get());
  }

  @Benchmark
  public void daggerDirect(Blackhole bh) throws InterruptedException, ExecutionException {
    bh.consume(DaggerWideFanOutProduction_Graph.builder().seed(seed).executor(Work.DIRECT).build()
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

  private static Task<Integer> plan(int x) {
    List<Task<Integer>> steps = new ArrayList<>(WIDTH);
    for (int i = 0; i < WIDTH; i++) {
      int salt = i;
      steps.add(Task.callable(NAMES[i], () -> Work.step(x, salt)));
    }
    return Task.par(steps).map("join", WideFanOut::join);
  }

  @Fork(1)
  public static class PlatformCaller extends WideFanOut {}

  @Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
  public static class VirtualCaller extends WideFanOut {}
}
