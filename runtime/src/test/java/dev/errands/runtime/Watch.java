package dev.errands.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every event of a run, and the JVM timer queue's length. */
final class Watch implements RunListener {
  final ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
  final CountDownLatch ended = new CountDownLatch(1);

  @Override
  public void onEvent(RunEvent event) {
    events.add(event);
    if (event instanceof RunEvent.RunEnded) {
      ended.countDown();
    }
  }

  List<RunEvent.StepStarted> started(String step) {
    List<RunEvent.StepStarted> out = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.StepStarted s && s.step().equals(step)) out.add(s);
    }
    return out;
  }

  List<RunEvent.StepEnded> endedOf(String step) {
    List<RunEvent.StepEnded> out = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.StepEnded s && s.step().equals(step)) out.add(s);
    }
    return out;
  }

  List<RunEvent.RaceDecided> decided() {
    List<RunEvent.RaceDecided> out = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.RaceDecided d) out.add(d);
    }
    return out;
  }

  void awaitEnded() throws InterruptedException {
    if (!ended.await(20, TimeUnit.SECONDS)) throw new AssertionError("run never ended: " + events);
  }

  /** Timers waiting in the JVM timer queue. */
  static int pendingTimers() {
    return Timers.pending();
  }

  /** Waits (bounded) until no more than {@code n} timers are pending; returns the count seen. */
  static int awaitPendingAtMost(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int p;
    while ((p = pendingTimers()) > n && System.nanoTime() < end) {
      Thread.sleep(10); // polling a queue length, not synchronising steps
    }
    return p;
  }
}
