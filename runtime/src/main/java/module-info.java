/**
 * The engine that runs the workflow a generated orchestrator declares; JDK only. It reads Flight
 * Recorder for its {@code dev.errands.Step} events, whose class is no part of its API (so the
 * requires is not transitive), and not {@code dev.errands}: no annotation type is in its API.
 */
module dev.errands.runtime {
  requires jdk.jfr;

  exports dev.errands.runtime;
}
