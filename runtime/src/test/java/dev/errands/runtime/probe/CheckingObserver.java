package dev.errands.runtime.probe;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.StepObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A StepObserver that checks the hook's contract as it is called and writes every breach into
 * {@link #errors}: a step observation left current on a thread when the next starts (scope leak),
 * exit on another thread, end twice / before exit / after the run's end, run end twice.
 */
final class CheckingObserver implements StepObserver {
  static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  final AtomicInteger runs = new AtomicInteger();

  final class RunObs implements RunObservation {
    final String workflow;
    final Thread starter = Thread.currentThread();
    final Map<String, Integer> started = new ConcurrentHashMap<>(); // id -> count
    final AtomicInteger open = new AtomicInteger(); // started, not ended
    final AtomicInteger ends = new AtomicInteger();
    volatile boolean ended;
    final CountDownLatch endedLatch = new CountDownLatch(1);
    volatile RunEvent.Outcome outcome;

    RunObs(String workflow) {
      this.workflow = workflow;
    }

    @Override
    public StepObservation startStep(String step, String race, int attempt, int element) {
      String id = step + "#" + attempt + (element < 0 ? "" : "[" + element + "]");
      if (ended) errors.add("startStep after run end: " + id);
      String leaked = CURRENT.get();
      if (leaked != null) errors.add("scope leak: " + leaked + " still current on " + Thread.currentThread() + " as " + id + " starts");
      if (started.merge(id, 1, Integer::sum) > 1) errors.add("startStep twice for " + id);
      CURRENT.set(id);
      open.incrementAndGet();
      Thread on = Thread.currentThread();
      return new StepObservation() {
        volatile boolean exited;
        final AtomicInteger endCount = new AtomicInteger();

        @Override
        public void exit() {
          if (Thread.currentThread() != on) errors.add("exit on another thread: " + id);
          if (exited) errors.add("exit twice: " + id);
          exited = true;
          if (!id.equals(CURRENT.get())) errors.add("exit: current is " + CURRENT.get() + " not " + id);
          CURRENT.remove();
        }

        @Override
        public void end(RunEvent.Outcome outcome, Throwable failure, boolean won) {
          if (endCount.incrementAndGet() > 1) errors.add("StepObservation.end twice: " + id);
          if (!exited) errors.add("end before exit: " + id);
          if (ended) errors.add("StepObservation.end after RunObservation.end: " + id);
          open.decrementAndGet();
        }
      };
    }

    @Override
    public void end(RunEvent.Outcome outcome, String failedStep, Throwable failure) {
      if (ends.incrementAndGet() > 1) errors.add("RunObservation.end twice");
      if (open.get() != 0) errors.add("RunObservation.end with " + open.get() + " step observations not ended " + started);
      this.outcome = outcome;
      ended = true;
      endedLatch.countDown();
    }
  }

  final ConcurrentLinkedQueue<RunObs> all = new ConcurrentLinkedQueue<>();

  @Override
  public RunObservation startRun(String workflow) {
    runs.incrementAndGet();
    RunObs r = new RunObs(workflow);
    all.add(r);
    return r;
  }

  RunObs last() {
    RunObs r = null;
    for (RunObs x : all) r = x;
    return r;
  }
}
