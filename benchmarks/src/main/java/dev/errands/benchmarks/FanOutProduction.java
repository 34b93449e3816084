package dev.errands.benchmarks;

import com.google.common.util.concurrent.ListenableFuture;
import dagger.BindsInstance;
import dagger.producers.ProducerModule;
import dagger.producers.Produces;
import dagger.producers.Production;
import dagger.producers.ProductionComponent;
import java.util.concurrent.Executor;
import javax.inject.Named;

/**
 * Scenario 1 in Dagger Producers, as its guide writes a graph: a producer module, and a production
 * component per request whose executor is bound as {@code @Production Executor}.
 */
@ProducerModule
final class FanOutProduction {
  private FanOutProduction() {}

  @Produces
  @Named("a")
  static int a(@Named("seed") int seed) {
    return Work.step(seed, 1);
  }

  @Produces
  @Named("b")
  static int b(@Named("seed") int seed) {
    return Work.step(seed, 2);
  }

  @Produces
  @Named("c")
  static int c(@Named("seed") int seed) {
    return Work.step(seed, 3);
  }

  @Produces
  @Named("join")
  static int join(@Named("a") int a, @Named("b") int b, @Named("c") int c) {
    return Work.join(a, b, c);
  }

  @ProductionComponent(modules = FanOutProduction.class)
  interface Graph {
    @Named("join")
    ListenableFuture<Integer> join();

    @ProductionComponent.Builder
    interface Builder {
      @BindsInstance
      Builder seed(@Named("seed") int seed);

      @BindsInstance
      Builder executor(@Production Executor executor);

      Graph build();
    }
  }
}
