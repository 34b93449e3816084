package dev.errands.runtime;

import jdk.jfr.FlightRecorder;

/**
 * The engine's door to Flight Recorder. Loading an event class sets up JFR, which costs a cold JVM
 * over 100 ms; so {@link StepEvent} is not loaded before Flight Recorder has been started (by
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or a {@code jdk.jfr.Recording}), and
 * the engine holds begun events as plain {@code Object}s.
 */
final class Flight {
  private Flight() {}

  /** Whether Flight Recorder records steps now; checked once per run. */
  static boolean recording() {
    return FlightRecorder.isInitialized() && Events.enabled();
  }

  static Object begin() {
    return Events.begin();
  }

  /** Sets how the step of a begun event ended (with the run's lock held: no JFR call). */
  static void outcome(Object begun, String outcome) {
    Events.outcome(begun, outcome);
  }

  static void commit(Object begun, String workflow, String step) {
    Events.commit(begun, workflow, step);
  }

  /** The only class that names {@link StepEvent}. */
  private static final class Events {
    static boolean enabled() {
      return new StepEvent().isEnabled();
    }

    static Object begin() {
      StepEvent event = new StepEvent();
      event.begin();
      return event;
    }

    static void outcome(Object begun, String outcome) {
      ((StepEvent) begun).outcome = outcome;
    }

    static void commit(Object begun, String workflow, String step) {
      StepEvent event = (StepEvent) begun;
      event.end();
      if (event.shouldCommit()) {
        event.workflow = workflow;
        event.step = step;
        event.commit();
      }
    }
  }
}
