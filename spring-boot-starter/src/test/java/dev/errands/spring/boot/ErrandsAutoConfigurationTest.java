package dev.errands.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errands.micrometer.ErrandsObservations;
import dev.errands.runtime.ContextPropagator;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunListener;
import dev.errands.runtime.RunOptions;
import dev.errands.spring.boot.app.ProfileService;
import dev.errands.spring.boot.app.ProfileServiceOrchestrator;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration alone, in small contexts: Spring Boot's ApplicationContextRunner. */
class ErrandsAutoConfigurationTest {
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErrandsAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Services {
    @Bean
    ProfileService profileService() {
      return new ProfileService();
    }

    @Bean
    Outer.Inner inner() {
      return new Outer.Inner();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Context {
    static final List<String> events = new CopyOnWriteArrayList<>();
    static final AtomicInteger executed = new AtomicInteger();

    @Bean
    Executor stepExecutor() {
      var pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
      return command -> {
        executed.incrementAndGet();
        pool.execute(command);
      };
    }

    @Bean
    RunListener first() {
      return event -> {
        if (event instanceof RunEvent.StepEnded ended) {
          events.add("first " + ended.step());
        }
      };
    }

    @Bean
    RunListener second() {
      return event -> {
        if (event instanceof RunEvent.RunEnded) {
          events.add("second ended");
        }
      };
    }

    @Bean
    ContextPropagator<String> tenant() {
      return ContextPropagator.of(TENANT);
    }
  }

  @Test
  void everyServiceBeansOrchestratorIsABeanWithNoConfiguration() {
    runner.withUserConfiguration(Services.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ProfileServiceOrchestrator.class).run(7L).page()).isEqualTo("user-7 2 posts");
      assertThat(context.getBean(Outer_InnerOrchestrator.class).run("nested").hello()).isEqualTo("hello nested");
      assertThat(context).hasBean("profileServiceOrchestrator").hasBean("innerOrchestrator");
      assertThat(context.getBean(RunOptions.class).executor()).as("virtual threads").isNull();
      assertThat(context).doesNotHaveBean(ErrandsObservations.class);
    });
  }

  @Test
  void runOptionsComeFromTheContext() {
    Context.events.clear();
    runner.withUserConfiguration(Services.class, Context.class)
        .withPropertyValues("errands.executor=stepExecutor")
        .run(context -> {
          RunOptions options = context.getBean(RunOptions.class);
          assertThat(options.propagators()).hasSize(1);
          TENANT.set("acme");
          try {
            int before = Context.executed.get();
            assertThat(context.getBean(ProfileServiceOrchestrator.class).run(1L).page()).isEqualTo("user-1 2 posts");
            assertThat(Context.executed.get()).as("steps ran on the named executor").isGreaterThan(before);
          } finally {
            TENANT.remove();
          }
          assertThat(Context.events).containsExactly("first user", "first posts", "first page", "second ended");
        });
  }

  @Test
  void anObservationRegistryBeanMakesEveryRunObserved() {
    runner.withUserConfiguration(Services.class)
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .run(context -> {
          assertThat(context).hasSingleBean(ErrandsObservations.class);
          assertThat(context.getBean(RunOptions.class).observers()).containsExactly(context.getBean(ErrandsObservations.class));
        });
    runner.withUserConfiguration(Services.class)
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withPropertyValues("errands.observations.enabled=false")
        .run(context -> assertThat(context.getBean(RunOptions.class).observers()).isEmpty());
  }

  @Test
  void theApplicationsOwnRunOptionsAndOrchestratorWin() {
    RunOptions own = RunOptions.builder().build();
    var mine = new ProfileServiceOrchestrator(new ProfileService());
    runner.withUserConfiguration(Services.class)
        .withBean("ownOptions", RunOptions.class, () -> own)
        .withBean("myOrchestrator", ProfileServiceOrchestrator.class, () -> mine)
        .run(context -> {
          assertThat(context.getBean(RunOptions.class)).isSameAs(own);
          assertThat(context.getBean(ProfileServiceOrchestrator.class)).isSameAs(mine);
          assertThat(context).doesNotHaveBean("profileServiceOrchestrator").hasBean("innerOrchestrator");
        });
  }
}
