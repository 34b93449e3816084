package dev.errands.spring.boot;

import dev.errands.runtime.RunOptions;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Registers the generated orchestrator of every service bean: for a bean {@code profileService}
 * whose class {@code com.acme.ProfileService} has a generated {@code
 * com.acme.ProfileServiceOrchestrator} (nested {@code com.acme.Outer.Inner}: {@code
 * com.acme.Outer_InnerOrchestrator}), a bean {@code profileServiceOrchestrator}, built with that
 * service bean and the context's {@link RunOptions}. Nothing is scanned: it looks at the beans the
 * context already has, and loads at most one class per bean class. A bean of the orchestrator's type
 * that the application declares itself is left alone. Two beans of one service class get an
 * orchestrator each ({@code firstOrchestrator}, {@code secondOrchestrator}); the one of a
 * {@code @Primary} service bean is primary too, so that injection by type picks it.
 */
final class OrchestratorRegistrar implements BeanDefinitionRegistryPostProcessor, Ordered {
  private static final Log LOG = LogFactory.getLog(OrchestratorRegistrar.class);

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after the configuration classes have declared every bean
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
    if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
      return;
    }
    ClassLoader loader = beanFactory.getBeanClassLoader();
    Map<Class<?>, Optional<Constructor<?>>> orchestrators = new HashMap<>();
    Set<String> ours = new HashSet<>(); // the orchestrators registered here, which never hide another's
    for (String name : registry.getBeanDefinitionNames()) {
      BeanDefinition definition = registry.getBeanDefinition(name);
      if (definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
        continue;
      }
      Class<?> type;
      try {
        type = beanFactory.getType(name, false);
      } catch (RuntimeException | LinkageError e) {
        continue; // not ours to judge
      }
      if (type == null) {
        continue;
      }
      Constructor<?> constructor = orchestrators
          .computeIfAbsent(ClassUtils.getUserClass(type), t -> orchestratorOf(t, loader))
          .orElse(null);
      if (constructor == null) {
        continue;
      }
      Class<?> orchestrator = constructor.getDeclaringClass();
      String orchestratorName = name + "Orchestrator";
      if (registry.containsBeanDefinition(orchestratorName) || declaredByTheApplication(beanFactory, orchestrator, ours)) {
        LOG.debug("Errands: " + orchestrator.getName() + " for bean '" + name + "' is declared already");
        continue;
      }
      RootBeanDefinition orchestratorDefinition = definition(orchestrator, constructor, name, beanFactory);
      orchestratorDefinition.setPrimary(definition.isPrimary());
      registry.registerBeanDefinition(orchestratorName, orchestratorDefinition);
      ours.add(orchestratorName);
    }
  }

  /** Whether a bean of type {@code orchestrator} other than those registered here exists. */
  private static boolean declaredByTheApplication(ConfigurableListableBeanFactory beanFactory, Class<?> orchestrator, Set<String> ours) {
    for (String name : beanFactory.getBeanNamesForType(orchestrator, true, false)) {
      if (!ours.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static <T> RootBeanDefinition definition(
      Class<T> orchestrator, Constructor<?> constructor, String serviceName, ConfigurableListableBeanFactory beanFactory) {
    @SuppressWarnings("unchecked")
    Constructor<T> typed = (Constructor<T>) constructor;
    var definition = new RootBeanDefinition(orchestrator,
        () -> BeanUtils.instantiateClass(typed, beanFactory.getBean(serviceName), beanFactory.getBean(RunOptions.class)));
    definition.setDependsOn(serviceName);
    return definition;
  }

  /**
   * The {@code (service, RunOptions)} constructor of the orchestrator generated for {@code type}
   * or, for a subclass of a service class, for its nearest superclass that has one.
   */
  private static Optional<Constructor<?>> orchestratorOf(Class<?> type, ClassLoader loader) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      String pkg = c.getPackageName();
      String nested = pkg.isEmpty() ? c.getName() : c.getName().substring(pkg.length() + 1);
      String name = (pkg.isEmpty() ? "" : pkg + ".") + nested.replace('$', '_') + "Orchestrator";
      if (!ClassUtils.isPresent(name, loader)) {
        continue;
      }
      try {
        return Optional.of(ClassUtils.forName(name, loader).getConstructor(c, RunOptions.class));
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        LOG.debug("Errands: " + name + " is no orchestrator of " + c.getName(), e);
      }
    }
    return Optional.empty();
  }
}
