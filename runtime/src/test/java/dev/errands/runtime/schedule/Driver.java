package dev.errands.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Drives a {@link Schedule} by hand, as an engine would, and writes down what it asks for: "start
 * a", "cancel b[1]", "pause a#2 100", "ended a FAILED", "race r: r1 succeeded". An execution is
 * named by its task, its element in brackets, and its attempt after a '#' from the second on.
 */
final class Driver implements Schedule.Actions {
  final Schedule schedule;
  private final List<String> log = new ArrayList<>();
  private final Map<String, Integer> byName = new HashMap<>();

  Driver(Graph graph, Elements... inputs) {
    this.schedule = new Schedule(graph, this, inputs);
  }

  static int[] after(int... nodes) {
    return nodes;
  }

  /** Starts the run; returns what it asked for. */
  List<String> start() {
    schedule.start();
    return log();
  }

  /** What the schedule asked for since the last call. */
  List<String> log() {
    var taken = List.copyOf(log);
    log.clear();
    return taken;
  }

  int x(String execution) {
    Integer x = byName.get(execution);
    if (x == null) {
      throw new AssertionError("no execution " + execution + " was started; started: " + byName.keySet());
    }
    return x;
  }

  /** A thread takes up {@code execution}; it must be queued and not given up. */
  Driver begin(String execution) {
    assertTrue(schedule.begin(x(execution)), execution + " was given up");
    return this;
  }

  /** {@code execution} begins (unless running) and returns {@code value}; returns what followed. */
  List<String> ok(String execution, Object value) {
    beginIfQueued(execution);
    schedule.succeeded(x(execution), value, null);
    return log();
  }

  /** {@code execution} returns {@code value}, an Iterable whose elements a fan-out iterates. */
  List<String> okFeeding(String execution, List<?> value) {
    beginIfQueued(execution);
    schedule.succeeded(x(execution), value, Elements.of(value));
    return log();
  }

  /** {@code execution} begins (unless running) and throws {@code error}; returns what followed. */
  List<String> fail(String execution, Throwable error) {
    beginIfQueued(execution);
    schedule.failed(x(execution), error);
    return log();
  }

  /** The pause before {@code execution} (a retry, or a hedged racer's turn) has passed; returns what followed. */
  List<String> pauseEnded(String execution) {
    schedule.pauseEnded(x(execution));
    return log();
  }

  /** {@code execution}'s attempt runs past its timeout; returns the timeout it failed with. */
  TimeoutException timeOut(String execution) {
    beginIfQueued(execution);
    var timeout = new TimeoutException(execution + " ran too long");
    schedule.timedOut(x(execution), timeout);
    return timeout;
  }

  private void beginIfQueued(String execution) {
    schedule.begin(x(execution)); // false, and nothing changes, for one already running
  }

  String name(int x) {
    int attempt = schedule.attempt(x);
    return schedule.graph().taskName(schedule.task(x))
        + (schedule.element(x) >= 0 ? "[" + schedule.element(x) + "]" : "")
        + (attempt > 1 ? "#" + attempt : "");
  }

  @Override
  public void start(int x) {
    byName.put(name(x), x);
    log.add("start " + name(x));
  }

  @Override
  public void pause(int x, long nanos) {
    byName.put(name(x), x);
    log.add("pause " + name(x) + " " + nanos);
  }

  @Override
  public void cancel(int x) {
    log.add("cancel " + name(x));
  }

  @Override
  public void ended(int x, RunEvent.Outcome outcome, Throwable failure) {
    log.add("ended " + name(x) + " " + outcome);
  }

  @Override
  public void raceDecided(int node, int winner, boolean succeeded) {
    log.add("race " + schedule.graph().nodeName(node) + ": "
        + (winner < 0 ? "all" : schedule.graph().taskName(winner)) + (succeeded ? " succeeded" : " failed"));
  }
}
