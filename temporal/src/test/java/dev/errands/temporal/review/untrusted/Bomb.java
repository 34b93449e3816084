package dev.errands.temporal.review.untrusted;

import dev.errands.temporal.review.BombFlags;

/** REVIEW PROBE: a class outside the trusted packages that says (in BombFlags) when it is initialised or built. */
public class Bomb {
  static {
    BombFlags.initialised = true;
  }

  public Bomb() {
    BombFlags.built = true;
  }

  public void setCommand(String command) {
    BombFlags.built = true;
  }
}
