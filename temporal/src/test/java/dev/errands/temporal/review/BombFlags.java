package dev.errands.temporal.review;

/** REVIEW PROBE: what {@code untrusted.Bomb} did; reading these does not initialise Bomb. */
public final class BombFlags {
  public static volatile boolean initialised;
  public static volatile boolean built;

  private BombFlags() {}
}
