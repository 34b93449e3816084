package dev.errands.benchmarks;

import com.google.common.util.concurrent.ListenableFuture;
import dagger.BindsInstance;
import dagger.producers.ProducerModule;
import dagger.producers.Produces;
import dagger.producers.Production;
import dagger.producers.ProductionComponent;
import java.util.concurrent.Executor;
import javax.inject.Named;

/** Scenario 2 in Dagger Producers: a → (b, c) → d. */
@ProducerModule
final class DiamondProduction {
  private DiamondProduction() {}

  @Produces
  @Named("a")
  static int a(@Named("seed") int seed) {
    return Work.step(seed, 1);
  }

  @Produces
  @Named("b")
  static int b(@Named("a") int a) {
    return Work.step(a, 2);
  }

  @Produces
  @Named("c")
  static int c(@Named("a") int a) {
    return Work.step(a, 3);
  }

  @Produces
  @Named("d")
  static int d(@Named("b") int b, @Named("c") int c) {
    return Work.join(b, c);
  }

  @ProductionComponent(modules = DiamondProduction.class)
  interface Graph {
    @Named("d")
    ListenableFuture<Integer> d();

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
