/**
 * The engine that runs the workflow a generated orchestrator declares; JDK only. It reads Flight
 * Recorder for its {@code dev.errands.Step} events, whose class is no part of its API (so the
 * requires is not transitive), and not {@code dev.errands}: no annotation type is in its API.
 */
module dev.errands.runtime {
  requires jdk.jfr;

  exports dev.errands.runtime;
  // The rules of a run, for engines (the in-process one, errands-temporal); no part of the API a
  // service class or its caller uses. Exported to all: WorkflowView.graph() returns its Graph.
  exports dev.errands.runtime.schedule;
}
