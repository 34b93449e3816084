package dev.errands.runtime;

import dev.errands.runtime.schedule.Graph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a {@link Workflow} declaration, for engines other than the in-process one
 * (a durable engine such as Temporal schedules the same graph with its own primitives, and calls
 * each step's body where its workers run). Get one with {@link Workflow#view()}.
 *
 * <p>It exposes what the processor knows about the graph — nodes (steps and races) with what they
 * wait for, tasks (steps and racers) with their timeouts, retry policies and fan-out — and two ways
 * into generated code: {@link #call} runs one task's body, {@link #result} builds the {@code
 * Result} record. Neither needs reflection: both are the lambdas the generated orchestrator gave
 * its declaration. Immutable and thread-safe.
 *
 * @param <S> the service class
 * @param <R> the result record
 */
public final class WorkflowView<S, R> {
  private final Workflow<S, R> wf;
  private final List<Node> nodes;
  private final List<Task> tasks;

  WorkflowView(Workflow<S, R> wf) {
    this.wf = wf;
    Graph g = wf.graph;
    var nodes = new ArrayList<Node>();
    for (int n = 0; n < g.nodes(); n++) {
      nodes.add(new Node(n, g.nodeName(n), list(g.after(n)), Optional.ofNullable(g.wins(n)),
          g.tolerated(n), list(g.tasksOf(n)),
          g.hedgeNanos(n) > 0 ? Optional.of(Duration.ofNanos(g.hedgeNanos(n))) : Optional.empty()));
    }
    this.nodes = List.copyOf(nodes);
    var tasks = new ArrayList<Task>();
    for (int t = 0; t < g.tasks(); t++) {
      tasks.add(new Task(t, g.taskName(t), g.taskNode(t),
          wf.taskTimeoutNanos[t] > 0 ? Optional.of(Duration.ofNanos(wf.taskTimeoutNanos[t])) : Optional.empty(),
          Optional.ofNullable(g.retry(t)), wf.taskAsync[t],
          g.eachNode(t), g.eachInput(t), g.limit(t)));
    }
    this.tasks = List.copyOf(tasks);
  }

  private static List<Integer> list(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /** The qualified name of the service class. */
  public String name() {
    return wf.name;
  }

  /** The names of the workflow inputs, in the order {@code run} takes them. */
  public List<String> inputs() {
    return wf.inputs();
  }

  /**
   * The graph a {@link dev.errands.runtime.schedule.Schedule} runs by: another engine drives the
   * same schedule as the in-process one, so both follow the same rules.
   */
  public Graph graph() {
    return wf.graph;
  }

  /** The bound on the whole run ({@code @Timeout} on the service class), if any. */
  public Optional<Duration> runTimeout() {
    return wf.runTimeoutNanos > 0 ? Optional.of(Duration.ofNanos(wf.runTimeoutNanos)) : Optional.empty();
  }

  /**
   * The type of input {@code input} as the processor read it (source text, such as {@code
   * java.util.List<java.lang.String>}); empty for a declaration built without {@code types}.
   */
  public Optional<String> inputType(int input) {
    return wf.inputTypes == null ? Optional.empty() : Optional.of(wf.inputTypes[input]);
  }

  /**
   * The return type of task {@code task}'s method as the processor read it (source text, {@code
   * void} for none); empty for a declaration built without {@code types}.
   */
  public Optional<String> taskType(int task) {
    return wf.taskTypes == null ? Optional.empty() : Optional.of(wf.taskTypes[task]);
  }

  /**
   * The workflow inputs (by index, ascending) that task {@code task}'s parameters take, besides an
   * {@code @Each} step's element; empty for a declaration that does not say ({@code takes} was not
   * called for it), whose task may read any input.
   */
  public Optional<List<Integer>> inputsOf(int task) {
    return takes(wf.taskInputs[task]);
  }

  /**
   * The nodes (by index, ascending) whose results task {@code task}'s parameters take, each one its
   * node waits for, besides an {@code @Each} step's element; empty for a declaration that does not
   * say, whose task may read the result of any node its node waits for.
   */
  public Optional<List<Integer>> resultsOf(int task) {
    return takes(wf.taskResults[task]);
  }

  private static Optional<List<Integer>> takes(int[] indices) {
    return indices == null ? Optional.empty() : Optional.of(Arrays.stream(indices).sorted().distinct().boxed().toList());
  }

  /** Steps and races, indexed in order of declaration ({@code nodes().get(i).index() == i}). */
  public List<Node> nodes() {
    return nodes;
  }

  /** Steps and racers, in source order ({@code tasks().get(i).index() == i}). */
  public List<Task> tasks() {
    return tasks;
  }

  /**
   * Calls task {@code task}'s method on {@code service}, with the arguments {@code in} supplies
   * (the generated body reads only the inputs, the results of its node's {@code after} entries,
   * its context and, for a fan-out, its element).
   *
   * @return what the method returned ({@code null} for {@code void}); for an {@link Task#async()}
   *     task, the {@link java.util.concurrent.CompletionStage} it returned
   * @throws Throwable exactly what the method threw
   */
  public Object call(int task, S service, StepInput in) throws Throwable {
    return wf.taskBody[task].call(service, in);
  }

  /**
   * Builds the {@code Result} record of a successful run; {@code in.result(node)} must give each
   * node's value (for a {@link Node#tolerated()} node, its {@link Outcome}).
   */
  public R result(StepInput in) {
    return wf.result.create(in);
  }

  /**
   * The suppressed exception the in-process engine attaches to the failure of a fan-out ({@code
   * @Each}) element, so another engine reports such a failure the same way.
   */
  public static Exception failedElement(String step, int index) {
    return new FailedElement(step, index);
  }

  @Override
  public String toString() {
    return "WorkflowView[" + wf.name + ", nodes " + nodes + ", tasks " + tasks + "]";
  }

  /**
   * A step or a race.
   *
   * @param index its index, which {@code after}, {@link Task#node()} and {@link StepInput#result}
   *     use
   * @param name the step's or race's name
   * @param after the nodes it waits for: each must have succeeded, or settled if it is tolerated
   * @param wins what decides the race; empty for a step
   * @param tolerated its failure does not fail the run; its value is an {@link Outcome}
   * @param tasks its tasks: the step itself, or the race's racers in source order
   * @param hedgeAfter for a hedged race, how long after one racer started the next one starts
   *     while the race is undecided; empty for a step or a race whose racers start at once
   */
  public record Node(int index, String name, List<Integer> after, Optional<Wins> wins, boolean tolerated, List<Integer> tasks,
      Optional<Duration> hedgeAfter) {
    public Node {
      after = List.copyOf(after);
      tasks = List.copyOf(tasks);
    }

    /** Whether this node is a race (its tasks are racers). */
    public boolean isRace() {
      return wins.isPresent();
    }
  }

  /**
   * A step or a racer: what actually runs.
   *
   * @param index its index in source order
   * @param name the step's or racer's name
   * @param node the node it belongs to (a step's own node, or its race)
   * @param timeout the bound on each attempt (and each element), if any
   * @param retry how it is retried, if at all
   * @param async its method returns a {@link java.util.concurrent.CompletionStage}
   * @param eachNode the node whose result (an {@code Iterable}) it runs once per element of, or -1
   * @param eachInput the input (an {@code Iterable}) it runs once per element of, or -1
   * @param limit at most this many elements at a time; 0 for no limit
   */
  public record Task(int index, String name, int node, Optional<Duration> timeout, Optional<StepOptions.RetryPolicy> retry,
      boolean async, int eachNode, int eachInput, int limit) {

    /** Whether it runs once per element of a collection ({@code @Each}). */
    public boolean isEach() {
      return eachNode >= 0 || eachInput >= 0;
    }
  }
}
