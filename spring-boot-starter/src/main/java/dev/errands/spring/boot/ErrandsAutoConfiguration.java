package dev.errands.spring.boot;

import dev.errands.micrometer.ErrandsObservations;
import dev.errands.runtime.ContextPropagator;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunListener;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepObserver;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Errands in a Spring Boot application: the generated orchestrator of every service bean is a bean
 * (see {@link OrchestratorRegistrar}), injectable by type; all of them run with one {@link
 * RunOptions} bean made of the context: the {@link Executor} bean that {@code errands.executor}
 * names (virtual threads without it), every {@link RunListener}, {@link ContextPropagator} and
 * {@link StepObserver} bean in order, and an observation per run and per step when the application
 * has an {@link ObservationRegistry} (any application with actuator): {@code errands.step} timers,
 * and spans with micrometer-tracing. An application that declares its own {@code RunOptions} bean
 * gets its orchestrators built with it instead.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@EnableConfigurationProperties(ErrandsProperties.class)
public class ErrandsAutoConfiguration {
  private static final Log LOG = LogFactory.getLog(ErrandsAutoConfiguration.class);

  /** Static: a registry post-processor is created before the configuration it is declared in. */
  @Bean
  static OrchestratorRegistrar errandsOrchestratorRegistrar() {
    return new OrchestratorRegistrar();
  }

  @Bean
  @ConditionalOnMissingBean
  RunOptions errandsRunOptions(
      ErrandsProperties properties,
      BeanFactory beanFactory,
      ObjectProvider<RunListener> listeners,
      ObjectProvider<ContextPropagator<?>> propagators,
      ObjectProvider<StepObserver> observers) {
    RunOptions.Builder builder = RunOptions.builder();
    if (properties.getExecutor() != null && !properties.getExecutor().isBlank()) {
      builder.executor(beanFactory.getBean(properties.getExecutor(), Executor.class));
    }
    List<RunListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      builder.listener(all.size() == 1 ? all.get(0) : new Listeners(all));
    }
    propagators.orderedStream().forEach(builder::propagate);
    observers.orderedStream().forEach(builder::observe);
    return builder.build();
  }

  /** Several listener beans, each told every event; one that throws does not keep it from the next. */
  private record Listeners(List<RunListener> all) implements RunListener {
    @Override
    public void onEvent(RunEvent event) {
      for (RunListener listener : all) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException e) {
          LOG.warn("A RunListener threw on " + event + "; ignored", e);
        }
      }
    }
  }

  /** Observations of runs and steps, when the application has Micrometer's ObservationRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ObservationRegistry.class, ErrandsObservations.class})
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnProperty(name = "errands.observations.enabled", matchIfMissing = true)
  static class Observations {
    @Bean
    @ConditionalOnMissingBean
    ErrandsObservations errandsObservations(ObservationRegistry registry) {
      return ErrandsObservations.create(registry);
    }
  }
}
