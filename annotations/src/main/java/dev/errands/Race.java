package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * A racer: one of several methods that compute the same thing, of which the first to finish
 * decides, like {@code Promise.race}. Three friends go to three pizza places; the first one back
 * with a pizza decides dinner, and the others are called back.
 *
 * <p>Racers with the same {@link #value() name} form one race. They start together, once the
 * entries of {@link #after()} have succeeded. When the race is decided, every racer still running
 * is interrupted (JavaScript can only ignore a losing promise; Errands cancels it), and the steps
 * that wait for the race start at once, without waiting for the losers to end.
 *
 * <pre>{@code
 * @Race("pizza") Pizza luigis()   { ... }
 * @Race("pizza") Pizza marios()   { ... }
 * @Race("pizza") Pizza napoli()   { ... }
 * @Sequential(after = "pizza") Dinner dinner(Pizza pizza) { ... }
 * }</pre>
 *
 * <p>A <em>hedged</em> race ({@link #hedgeAfter()} above 0) sends the friends one after another: the
 * second only if the first is not back within {@code hedgeAfter}, the third only if neither is back
 * {@code hedgeAfter} later ("The Tail at Scale", Dean and Barroso). Racers start in source order;
 * one never needed never starts.
 *
 * <pre>{@code
 * @Race(value = "pizza", hedgeAfter = 20) Pizza luigis() { ... } // starts first
 * @Race(value = "pizza", hedgeAfter = 20) Pizza marios() { ... } // only if luigis is 20 ms late
 * }</pre>
 *
 * <p>Other steps name the race, never a single racer: its value is the winner's. All racers of a
 * race must have the same return type, the same {@code after}, the same {@code wins} and the same
 * {@code hedgeAfter} and {@code hedgeUnit}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Race {

  /** The race's name; racers with the same name race each other. */
  String value() default "race";

  /** What the racers wait for before they start: steps or races, by name. */
  String[] after() default {};

  /** What decides the race. */
  Wins wins() default Wins.FIRST_TO_SETTLE;

  /**
   * 0 (the default): every racer starts at once. More than 0: a hedged race, whose racers start
   * one after another in source order, each this long after the one before it, as long as the race
   * is undecided. Under {@link Wins#FIRST_TO_SUCCEED}, when every racer started so far has failed,
   * the next starts at once. The wait holds no thread; a racer not started when the race is
   * decided never starts. Must not be negative.
   */
  long hedgeAfter() default 0;

  /** The unit of {@link #hedgeAfter()}. */
  TimeUnit hedgeUnit() default TimeUnit.MILLISECONDS;

  /** What decides a race. */
  enum Wins {
    /**
     * The first racer to finish decides, whether it returned or threw, as {@code Promise.race}.
     * A racer that throws first fails the race, and with it the run.
     */
    FIRST_TO_SETTLE,

    /**
     * The first racer to return wins, as {@code Promise.any}; failures are waited out. The race
     * fails only when every racer has failed: its cause is the first failure in time, with the
     * later ones attached as suppressed exceptions in the order they failed.
     */
    FIRST_TO_SUCCEED
  }
}
