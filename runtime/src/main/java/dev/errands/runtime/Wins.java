package dev.errands.runtime;

/**
 * What decides a race, as the runtime sees it; the processor maps {@code @Race(wins = ...)} onto
 * it (the runtime depends on the JDK alone, not on the annotations).
 */
public enum Wins {
  /** The first racer to return or throw decides the race ({@code Promise.race}). */
  FIRST_TO_SETTLE,
  /** The first racer to return wins; the race fails only when all racers failed ({@code Promise.any}). */
  FIRST_TO_SUCCEED
}
