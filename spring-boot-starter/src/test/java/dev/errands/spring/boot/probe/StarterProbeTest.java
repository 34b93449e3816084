package dev.errands.spring.boot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errands.micrometer.ErrandsObservations;
import dev.errands.runtime.RunOptions;
import dev.errands.spring.boot.ErrandsAutoConfiguration;
import dev.errands.spring.boot.Outer;
import dev.errands.spring.boot.Outer_InnerOrchestrator;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a review of the starter tried: proxies, two beans of one service class, no observation. */
class StarterProbeTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErrandsAutoConfiguration.class));

  static final AtomicInteger intercepted = new AtomicInteger();

  @Configuration(proxyBeanMethods = false)
  static class Two {
    @Bean
    Outer.Inner first() {
      return new Outer.Inner();
    }

    @Bean
    Outer.Inner second() {
      return new Outer.Inner();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoOnePrimary {
    @Bean
    Outer.Inner first() {
      return new Outer.Inner();
    }

    @Bean
    @org.springframework.context.annotation.Primary
    Outer.Inner second() {
      return new Outer.Inner();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Proxied {
    @Bean
    Outer.Inner inner() {
      return new Outer.Inner();
    }

    @Bean
    static BeanPostProcessor classProxies() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (!(bean instanceof Outer.Inner)) return bean;
          var factory = new ProxyFactory(bean);
          factory.setProxyTargetClass(true);
          factory.addAdvice((MethodInterceptor) inv -> {
            intercepted.incrementAndGet();
            return inv.proceed();
          });
          return factory.getProxy();
        }
      };
    }
  }

  /** Each of two beans of one service class gets its own orchestrator, built with that bean. */
  @Test
  void twoBeansOfOneServiceClass() {
    runner.withUserConfiguration(Two.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeanNamesForType(Outer_InnerOrchestrator.class))
          .containsExactlyInAnyOrder("firstOrchestrator", "secondOrchestrator");
      assertThat(context.getBean("firstOrchestrator", Outer_InnerOrchestrator.class).run("1").hello()).isEqualTo("hello 1");
      assertThat(context.getBean("secondOrchestrator", Outer_InnerOrchestrator.class).run("2").hello()).isEqualTo("hello 2");
    });
  }

  /** Of two beans of one service class, the orchestrator of the {@code @Primary} one is injected by type. */
  @Test
  void thePrimaryServiceBeansOrchestratorIsPrimary() {
    runner.withUserConfiguration(TwoOnePrimary.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Outer_InnerOrchestrator.class))
          .isSameAs(context.getBean("secondOrchestrator", Outer_InnerOrchestrator.class));
    });
  }

  @Test
  void aClassProxiedServiceBeanRunsThroughItsProxy() {
    intercepted.set(0);
    runner.withUserConfiguration(Proxied.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(AopUtils.isCglibProxy(context.getBean("inner"))).isTrue();
      assertThat(context.getBean(Outer_InnerOrchestrator.class).run("p").hello()).isEqualTo("hello p");
      assertThat(intercepted.get()).as("the step went through the proxy").isEqualTo(1);
    });
  }

  @Test
  void withoutMicrometerOnTheClassPath() {
    runner.withUserConfiguration(Proxied.class)
        .withClassLoader(new FilteredClassLoader(ErrandsObservations.class, io.micrometer.observation.ObservationRegistry.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(RunOptions.class).observers()).isEmpty();
          assertThat(context.getBean(Outer_InnerOrchestrator.class).run("q").hello()).isEqualTo("hello q");
        });
  }
}
