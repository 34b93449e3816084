package dev.errands.runtime;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How an orchestrator runs its steps. Immutable; build one with {@link #builder()}, or use {@link
 * #defaults()}: every step on a virtual thread of its own.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service,
 *     RunOptions.builder().executor(myExecutor).build());
 * }</pre>
 */
public final class RunOptions {
  private static final RunOptions DEFAULTS = new RunOptions(null);

  private final Executor executor;

  private RunOptions(Executor executor) {
    this.executor = executor;
  }

  /** Steps on virtual threads, nothing else set. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** Steps on {@code executor}; shorthand for {@code builder().executor(executor).build()}. */
  public static RunOptions of(Executor executor) {
    return new RunOptions(Objects.requireNonNull(executor, "executor"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The executor steps run on, or {@code null} for a new virtual thread per step. */
  public Executor executor() {
    return executor;
  }

  /** Builds {@link RunOptions}. Not thread-safe; the options it builds are. */
  public static final class Builder {
    private Executor executor;

    private Builder() {}

    /**
     * Runs every step on {@code executor} instead of a virtual thread of its own. The orchestrator
     * never blocks a thread of the executor while it waits for a step, so any workflow completes
     * even on a single thread, and it never shuts the executor down.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public RunOptions build() {
      return new RunOptions(executor);
    }
  }
}
