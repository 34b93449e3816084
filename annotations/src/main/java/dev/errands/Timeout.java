package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * A bound on how long a step, a racer or a whole run may take.
 *
 * <p>On a step or racer: when it runs longer, it is interrupted and fails with a {@link
 * java.util.concurrent.TimeoutException} as cause. A racer's timeout is that racer failing: under
 * {@link Race.Wins#FIRST_TO_SETTLE} it decides the race, under {@link Race.Wins#FIRST_TO_SUCCEED}
 * it is waited out like any other failure.
 *
 * <p>On the service class: a deadline for the whole run. When it passes, the running steps are
 * interrupted and the run fails with a {@code TimeoutException} as cause, naming the first step
 * in source order that was still running.
 *
 * <pre>{@code
 * @Timeout(2)                                               // two seconds
 * @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {

  /** How long, in {@link #unit()}s; must be positive. */
  long value();

  /** The unit of {@link #value()}; seconds unless told. */
  TimeUnit unit() default TimeUnit.SECONDS;
}
