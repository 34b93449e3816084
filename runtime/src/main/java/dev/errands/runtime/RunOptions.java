package dev.errands.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How an orchestrator runs its steps. Immutable; build one with {@link #builder()}, or use {@link
 * #defaults()}: every step on a virtual thread of its own, no listener. The builder grows with new
 * options, so orchestrators need no constructor per combination: their third constructor takes a
 * {@code RunOptions}.
 *
 * <pre>{@code
 * var orchestrator = new ProfileServiceOrchestrator(service,
 *     RunOptions.builder().executor(myExecutor).listener(timeline).build());
 * }</pre>
 */
public final class RunOptions {
  private static final RunOptions DEFAULTS = new RunOptions(null, null, List.of(), List.of(), Timers.JVM);

  private final Executor executor;
  private final RunListener listener;
  private final List<ContextPropagator<?>> propagators;
  private final List<StepObserver> observers;
  private final Timers.Source timers;

  private RunOptions(Executor executor, RunListener listener, List<ContextPropagator<?>> propagators,
      List<StepObserver> observers, Timers.Source timers) {
    this.executor = executor;
    this.listener = listener;
    this.propagators = List.copyOf(propagators);
    this.observers = List.copyOf(observers);
    this.timers = timers;
  }

  /** Steps on virtual threads, nothing else set. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** Steps on {@code executor}; shorthand for {@code builder().executor(executor).build()}. */
  public static RunOptions of(Executor executor) {
    return new RunOptions(Objects.requireNonNull(executor, "executor"), null, List.of(), List.of(), Timers.JVM);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The executor steps run on, or {@code null} for a new virtual thread per step. */
  public Executor executor() {
    return executor;
  }

  /** The listener that sees every run, or {@code null}. */
  public RunListener listener() {
    return listener;
  }

  /** What carries the caller's context into every step, in the order given. */
  public List<ContextPropagator<?>> propagators() {
    return propagators;
  }

  /** What observes every run and every step execution, in the order given (the first outermost). */
  public List<StepObserver> observers() {
    return observers;
  }

  /** Where timeouts and retry pauses come from. */
  Timers.Source timers() {
    return timers;
  }

  /** Builds {@link RunOptions}. Not thread-safe; the options it builds are. */
  public static final class Builder {
    private Executor executor;
    private RunListener listener;
    private final List<ContextPropagator<?>> propagators = new ArrayList<>();
    private final List<StepObserver> observers = new ArrayList<>();
    private Timers.Source timers = Timers.JVM;

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

    /**
     * Lets {@code listener} see every run: its start and end, each step's start and end, each
     * race's decision. Without one, a run spends nothing on events.
     */
    public Builder listener(RunListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Carries the context of the thread that calls {@code run}/{@code runAsync} into every step of
     * that run (see {@link ContextPropagator}); may be called several times.
     */
    public Builder propagate(ContextPropagator<?> propagator) {
      propagators.add(Objects.requireNonNull(propagator, "propagator"));
      return this;
    }

    /**
     * Lets {@code observer} run its code around every run and every execution of a step, on the
     * step's own thread (see {@link StepObserver}): a tracer's span per step, a timer per step. May
     * be called several times; the first observer registered is the outermost. Without one, a run
     * spends nothing on observation.
     */
    public Builder observe(StepObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /** For the runtime's own tests: timeouts and retry pauses from a timer the test fires by hand. */
    Builder timers(Timers.Source timers) {
      this.timers = Objects.requireNonNull(timers, "timers");
      return this;
    }

    public RunOptions build() {
      return new RunOptions(executor, listener, propagators, observers, timers);
    }
  }
}
