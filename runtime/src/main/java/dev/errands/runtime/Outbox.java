package dev.errands.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The work a run does once its lock is released: events for the listener, stages to cancel,
 * onCancel callbacks to run — all of it user code, which never runs under the lock. Work is queued
 * under the run's lock, in the order the run decided it, and done by one thread at a time, in that
 * order: so the listener sees one event at a time, a step's start before its end, and an
 * attempt's end before the next attempt's start.
 *
 * <p>The thread that drains the outbox is also the one that finds the run finished (decided,
 * nothing running, nothing left to do) and ends it: every event reaches the listener before the
 * run's end.
 */
final class Outbox {
  private final Run<?, ?> run; // its lock guards the outbox too
  // Guarded by run.
  private List<CompletableFuture<?>> stages;
  private List<RunEvent> events;
  private List<Runnable> callbacks;
  private boolean draining; // a thread is doing the work
  private boolean finished; // the run was found finished: it ends, once

  Outbox(Run<?, ?> run) {
    this.run = run;
  }

  /** Queues an event; with the lock held. */
  void event(RunEvent event) {
    if (events == null) {
      events = new ArrayList<>();
    }
    events.add(event);
  }

  /** Queues the cancellation of a step's stage; with the lock held. */
  void cancel(CompletableFuture<?> stage) {
    if (stages == null) {
      stages = new ArrayList<>();
    }
    stages.add(stage);
  }

  /** Queues onCancel callbacks; with the lock held. */
  void run(List<Runnable> more) {
    if (callbacks == null) {
      callbacks = new ArrayList<>();
    }
    callbacks.addAll(more);
  }

  /**
   * Whether {@link #drain} has anything to do; with the lock held, at the end of a critical
   * section. A section that finds nothing may skip it, and the second lock it takes: work queued
   * earlier is being done by the thread that queued it or by the one draining, and that thread
   * checks whether the run is finished once it is done.
   */
  boolean hasWork() {
    return stages != null || events != null || callbacks != null
        || (!finished && !draining && run.schedule.isFinished());
  }

  /**
   * With the lock held, at the end of a critical section: when the run is finished and no work is
   * queued or being done, marks it finished and returns true: the calling thread then ends the run,
   * as {@link #drain} would have told it to, without drain's lock round-trip.
   */
  boolean claimEnd() {
    if (stages == null && events == null && callbacks == null && !draining && !finished
        && run.schedule.isFinished()) {
      finished = true;
      return true;
    }
    return false;
  }

  /**
   * Does the queued work, unless another thread is doing it (it then does this thread's too).
   * Returns true, once, to the thread that finds the run finished: that thread ends the run.
   */
  boolean drain() {
    boolean drainer = false;
    while (true) {
      List<CompletableFuture<?>> stagesNow;
      List<RunEvent> eventsNow;
      List<Runnable> callbacksNow;
      synchronized (run) {
        if (!drainer) {
          if (draining) {
            return false;
          }
          draining = drainer = true;
        }
        stagesNow = stages;
        eventsNow = events;
        callbacksNow = callbacks;
        stages = null;
        events = null;
        callbacks = null;
        if (stagesNow == null && eventsNow == null && callbacksNow == null) {
          draining = false;
          if (!finished && run.schedule.isFinished()) {
            finished = true;
            return true;
          }
          return false;
        }
      }
      if (stagesNow != null) {
        for (CompletableFuture<?> stage : stagesNow) {
          stage.cancel(true); // its callbacks run here; a step's end they cause is queued, not done here
        }
      }
      if (eventsNow != null) {
        for (RunEvent event : eventsNow) {
          emit(event);
        }
      }
      if (callbacksNow != null) {
        for (Runnable callback : callbacksNow) {
          runCallback(callback);
        }
      }
    }
  }

  /** Tells the listener; what it throws is logged. */
  void emit(RunEvent event) {
    try {
      run.listener.onEvent(event);
    } catch (Throwable x) {
      Run.LOG.log(System.Logger.Level.WARNING, "a RunListener threw on " + event + "; ignored", x);
    }
  }

  /** Runs an onCancel callback; what it throws is logged. */
  static void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (Throwable x) {
      Run.LOG.log(System.Logger.Level.WARNING, "an onCancel callback threw; ignored", x);
    }
  }
}
