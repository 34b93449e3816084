package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Tries a step (or a racer) again when it fails: a flaky call retried with back-off.
 *
 * <pre>{@code
 * @Retry(attempts = 3)
 * @Retry(attempts = 4, delay = 100, unit = TimeUnit.MILLISECONDS, multiplier = 2.0, on = IOException.class)
 * }</pre>
 *
 * <p>{@link #attempts()} counts every attempt, the first included. Before the second attempt the
 * step pauses {@link #delay()} {@link #unit()}s, and each later pause is {@link #multiplier()} times
 * the one before. The pause holds no thread; a step between two attempts counts as running, so the
 * run waits for it and a class {@link Timeout} bounds the attempts too.
 *
 * <p>Only failures that are instances of one of {@link #on()} are retried; any other fails the step
 * at once. Interruption and cancellation are never retried. A step's own {@link Timeout} bounds each
 * attempt: an attempt that runs past it fails with a {@code TimeoutException}, retried like any
 * failure {@code on} admits. When the step fails in the end, its cause is the last attempt's
 * exception, with the earlier attempts' exceptions attached as suppressed, in order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Retry {

  /** How many attempts in all, the first included; at least 1. */
  int attempts();

  /** The pause before the second attempt, in {@link #unit()}s; 0 (the default) for none. */
  long delay() default 0;

  /** The unit of {@link #delay()}; milliseconds unless told. */
  TimeUnit unit() default TimeUnit.MILLISECONDS;

  /** How much longer each pause is than the one before; at least 1.0 (the default: no growth). */
  double multiplier() default 1.0;

  /** What is retried: failures that are instances of one of these. */
  Class<? extends Throwable>[] on() default Exception.class;
}
