package dev.errands.temporal;

import dev.errands.runtime.FailedElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What crosses Temporal, as payloads. Every user value (an input, a step's result, an element) sits
 * in a field declared {@code Object}: where the declaration recorded the value's type, it is plain
 * JSON of that type; where not, the {@link ErrandsDataConverter} writes its
 * stable type name next to it where JSON does not say it. Public only so that Jackson can build
 * them; not API.
 */
public final class Wire {
  private Wire() {}

  /**
   * The workflow's arguments: its inputs by name, and the declaration the run started with, which
   * every worker reads the run by (see {@link Declaration}).
   */
  public record RunArgs(Map<String, Object> inputs, Declaration declaration) {}

  /**
   * One step's (racer's, element's) arguments, all by name: the fingerprint of the declaration the
   * run started with (the worker runs the step of that declaration, or none), the step, the
   * workflow inputs and the results of the nodes its node waits for (a {@link Settled} for a
   * tolerated node) that its parameters take, the element of a fan-out, and which attempt of its
   * {@code @Retry} this is (1 for the first; a worker lost mid-step does not count). An element's
   * arguments leave out the list (the result or the input) it is an element of; a declaration that
   * does not say what a step takes ({@link Task#inputs()} null) sends it every input and result.
   */
  public record StepArgs(String declaration, String step, Map<String, Object> inputs, Map<String, Object> results,
      Object element, int attempt) {}

  /**
   * A slice of a large fan-out, run by a child workflow: the declaration its run started with, the
   * step, what the step takes (as in {@link StepArgs}), its elements {@code [offset, offset +
   * elements.size())}, and at most how many of them run at once (0: all).
   */
  public record SliceArgs(Declaration declaration, String step, Map<String, Object> inputs, Map<String, Object> results,
      List<Object> elements, int offset, int limit) {}

  /** The values of a slice's elements, in order. */
  public record SliceResult(List<Object> values) {}

  /**
   * Why a slice failed: the 0-based index, in the whole fan-out, of the element that failed (-1 when
   * none did), and what it threw, its earlier attempts suppressed on it.
   */
  public record SliceFailure(int element, StepError cause) {}

  /** A step's (racer's, element's) value. */
  public record Value(Object value) {}

  /** How a tolerated node settled: its value, or its error. */
  public record Settled(boolean success, Object value, StepError error) {}

  /**
   * The values of every node of a successful run, by node name (null for a void step, {@link
   * Settled} when tolerated), and the declaration the run started with.
   */
  public record RunResult(Map<String, Object> results, Declaration declaration) {}

  /**
   * The identity of a declaration, recorded by every run: what a worker needs to run the run's
   * graph again (replay), to tell whether it serves it, and to say what changed when it does not.
   * Everything is by name: source order is kept (the graph is rebuilt in it) but is not part of the
   * {@code fingerprint}, which hashes the canonical, sorted {@code summary} lines.
   *
   * @param workflow the workflow's name (the service class's qualified name, or the name it is served as)
   * @param fingerprint a hash of everything below but source order
   * @param summary the declaration, readable: one line per input, step, race and racer
   * @param timeoutNanos the class {@code @Timeout}; 0 for none
   */
  public record Declaration(String workflow, String fingerprint, String summary, long timeoutNanos,
      List<Input> inputs, List<Node> nodes, List<Task> tasks) {}

  /** A workflow input: its name and, when the processor recorded it, its type. */
  public record Input(String name, String type) {}

  /**
   * A step or race: what it waits for, by name; how a race is won ({@code null} for a step); for a
   * hedged race, the delay between its racers' starts ({@code hedgeNanos}, 0 otherwise, and 0 as
   * read from a run recorded before hedged races existed).
   */
  public record Node(String name, List<String> after, String wins, boolean tolerated, long hedgeNanos) {}

  /**
   * A step or racer: its node, its type when recorded (the method's return type), its options;
   * the node or input an {@code @Each} iterates, by name; the inputs and the results of nodes its
   * parameters take, by name, when the declaration says ({@code null} otherwise: it is sent every
   * input and every result its node waits for).
   */
  public record Task(String name, String node, String type, long timeoutNanos, Retry retry, boolean async,
      String eachNode, String eachInput, int limit, List<String> inputs, List<String> results) {}

  /** A {@code @Retry}: its {@code on} classes by name. */
  public record Retry(int attempts, long delayNanos, double multiplier, List<String> on) {}

  /** Why a run failed: the failing step, racer or race, and what it threw. */
  public record RunFailure(String step, StepError cause) {}

  /**
   * An exception, as far as it crosses: its class name, its message, its suppressed exceptions; for
   * the marker of a failed fan-out element, its 0-based index ({@code -1} otherwise). Bounded, so
   * that a failure can always be reported: a message keeps at most {@value #MAX_MESSAGE} characters
   * (the rest cut, with a note saying how many), an exception at most {@value #MAX_SUPPRESSED}
   * suppressed ones, {@value #MAX_DEPTH} levels deep, about {@value #MAX_TOTAL} characters in all.
   */
  public record StepError(String type, String message, List<StepError> suppressed, int element) {
    static final String FAILED_ELEMENT = "dev.errands.runtime.FailedElement";
    /** The type of the entry that stands for suppressed exceptions cut. */
    static final String CUT = "dev.errands.temporal.SuppressedCut";
    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_TOTAL = 256 * 1024;
    static final int MAX_SUPPRESSED = 16;
    static final int MAX_DEPTH = 4;
    private static final int MIN_MESSAGE = 256;

    public StepError {
      message = cut(message, MAX_MESSAGE);
      suppressed = suppressed == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(suppressed));
    }

    /**
     * {@code message}, at most {@code max} characters: the start of it, and a note saying how many
     * were cut. Applied again, it changes nothing.
     */
    static String cut(String message, int max) {
      if (message == null || message.length() <= max) {
        return message;
      }
      int keep = Math.max(0, max - 40);
      keep = Math.max(0, max - note(message.length() - keep).length());
      if (keep > 0 && Character.isHighSurrogate(message.charAt(keep - 1))) {
        keep--;
      }
      return message.substring(0, keep) + note(message.length() - keep);
    }

    private static String note(int cut) {
      return "... (" + cut + " characters cut)";
    }

    /**
     * What crosses for {@code t}: a step's exception on a worker, or a run's failure in the workflow,
     * where a {@link RemoteStepException} stands for what a step threw and a {@link FailedElement}
     * marks a fan-out's failed element.
     */
    static StepError of(Throwable t) {
      return of(t, new int[] {MAX_TOTAL}, 0);
    }

    private static StepError of(Throwable t, int[] budget, int depth) {
      String message = t instanceof RemoteStepException remote ? remote.getMessage() : t.getMessage();
      message = cut(message, Math.max(MIN_MESSAGE, Math.min(MAX_MESSAGE, budget[0])));
      budget[0] -= message == null ? 0 : message.length();
      var suppressed = new ArrayList<StepError>();
      Throwable[] all = t.getSuppressed();
      int cut = 0;
      for (Throwable s : all) {
        if (depth >= MAX_DEPTH || budget[0] <= 0 || suppressed.size() == MAX_SUPPRESSED - 1 && all.length > MAX_SUPPRESSED) {
          cut++;
        } else {
          suppressed.add(of(s, budget, depth + 1));
        }
      }
      if (cut > 0) {
        suppressed.add(new StepError(CUT, cut + " more suppressed exception" + (cut == 1 ? "" : "s") + " cut", List.of(), -1));
      }
      if (t instanceof RemoteStepException remote) {
        return new StepError(remote.type(), message, suppressed, -1);
      }
      if (t instanceof FailedElement element) {
        return new StepError(FAILED_ELEMENT, message, suppressed, element.index());
      }
      return new StepError(t.getClass().getName(), message, suppressed, -1);
    }
  }
}
