package dev.errands.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code errands.*}: how the auto-configured orchestrators run. */
@ConfigurationProperties("errands")
public class ErrandsProperties {

  /**
   * The name of an {@link java.util.concurrent.Executor} bean to run every step on; unset, each step
   * runs on a virtual thread of its own.
   */
  private String executor;

  private final Observations observations = new Observations();

  public String getExecutor() {
    return executor;
  }

  public void setExecutor(String executor) {
    this.executor = executor;
  }

  public Observations getObservations() {
    return observations;
  }

  /** {@code errands.observations.*}. */
  public static class Observations {

    /** Whether runs and steps are Micrometer observations when an ObservationRegistry bean exists. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
