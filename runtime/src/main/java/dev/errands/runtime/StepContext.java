package dev.errands.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * A step's view of its own execution. A parameter of type {@code StepContext}, whatever its name,
 * receives it; it is neither an input nor a dependency.
 *
 * <pre>{@code
 * @Sequential(after = "user")
 * Report report(User user, StepContext context) throws SQLException {
 *     try (Statement statement = connection.createStatement()) {
 *         context.onCancel(() -> cancelQuietly(statement));   // an interrupt does not reach JDBC
 *         statement.setQueryTimeout((int) context.timeLeft().map(Duration::toSeconds).orElse(0L));
 *         return Report.of(statement.executeQuery(sql(user)));
 *     }
 * }
 * }</pre>
 */
public interface StepContext {

  /** The qualified name of the service class, as in the Flight Recorder event. */
  String workflow();

  /** The step's name (for a racer, its own name). */
  String step();

  /** The attempt this is: 1 for the first, 2 for the first retry (see {@code @Retry}). */
  int attempt();

  /** The time left before the nearest deadline (the step's or the run's); empty without one. */
  Optional<Duration> timeLeft();

  /** Whether the run has given up on this step: it lost its race, the run failed or was cancelled, or it timed out. */
  boolean isCancelled();

  /**
   * Runs {@code callback} when the step is cancelled, for any reason, so the step can abort what an
   * interrupt does not reach: a blocking socket, a JDBC {@code Statement.cancel()}, an HTTP request.
   * Each callback runs at most once, before {@code run}/{@code runAsync} completes; one registered
   * after the step was cancelled runs at once on the registering thread; none runs for a step that
   * ends without being cancelled. What a callback throws is logged and otherwise ignored.
   */
  void onCancel(Runnable callback);
}
