/**
 * The engine that runs the workflow a generated orchestrator declares. JDK only: it needs no
 * annotation type (the annotations are read at compile time), and Flight Recorder for its {@code
 * dev.errands.Step} events, whose class is not part of the API.
 */
module dev.errands.runtime {
  requires jdk.jfr;

  exports dev.errands.runtime;
}
