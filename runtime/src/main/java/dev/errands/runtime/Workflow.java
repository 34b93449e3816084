package dev.errands.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The declaration of a workflow: its steps and races, what each waits for, and how each step is
 * called. A generated orchestrator builds one, once, in a static field, and runs it with {@link
 * #run} and {@link #runAsync}; everything about scheduling, failure, cancellation, races and
 * timeouts lives here in the runtime, not in generated code.
 *
 * <p>The graph is made of <em>nodes</em> (steps and races, indexed in order of declaration) and
 * <em>tasks</em> (steps and racers: what actually runs on a thread). A step is one node with one
 * task; a race is one node whose tasks are its racers. Immutable and thread-safe.
 *
 * @param <S> the service class
 * @param <R> the result record
 */
public final class Workflow<S, R> {
  // Nodes: steps and races.
  final String name;
  final String simpleName;
  final String[] inputs;
  final String[] nodeName;
  final int[][] nodeAfter;
  final int[][] nodeDependents;
  final int[][] nodeTasks;
  final Wins[] nodeWins; // null for a step
  final boolean[] nodeTolerated; // its failure does not fail the run: its value is an Outcome
  final boolean[] nodeFeedsEach; // some task runs once per element of its result
  // Tasks: steps and racers, in source order.
  final String[] taskName;
  final String[] threadName;
  final ThreadFactory[] threadFactory; // virtual threads named threadName[t]; safe to share
  final int[] taskNode;
  final StepBody<? super S>[] taskBody;
  final long[] taskTimeoutNanos;
  final boolean[] taskAsync;
  final StepOptions.RetryPolicy[] taskRetry; // or null
  final int[] taskEachNode; // the node whose result an @Each task iterates, or -1
  final int[] taskEachInput; // the input an @Each task iterates, or -1
  final int[] taskLimit; // elements at once; 0 for no limit
  final long runTimeoutNanos;
  final ResultFactory<R> result;

  private Workflow(Builder<S> b, ResultFactory<R> result) {
    this.name = b.name;
    this.simpleName = b.name.substring(b.name.lastIndexOf('.') + 1);
    this.inputs = b.inputs;
    this.runTimeoutNanos = b.runTimeoutNanos;
    this.result = result;
    int nodes = b.nodes.size();
    nodeName = new String[nodes];
    nodeAfter = new int[nodes][];
    nodeTasks = new int[nodes][];
    nodeWins = new Wins[nodes];
    nodeTolerated = new boolean[nodes];
    List<List<Integer>> dependents = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      NodeDecl d = b.nodes.get(n);
      nodeName[n] = d.name;
      nodeAfter[n] = d.after;
      nodeWins[n] = d.wins;
      nodeTolerated[n] = d.tolerated;
      nodeTasks[n] = d.tasks.stream().mapToInt(Integer::intValue).toArray();
      if (d.wins != null && d.tasks.isEmpty()) {
        throw new IllegalStateException("race '" + d.name + "' has no racers");
      }
      dependents.add(new ArrayList<>());
    }
    for (int n = 0; n < nodes; n++) {
      for (int dep : nodeAfter[n]) {
        dependents.get(dep).add(n);
      }
    }
    nodeDependents = new int[nodes][];
    for (int n = 0; n < nodes; n++) {
      nodeDependents[n] = dependents.get(n).stream().mapToInt(Integer::intValue).toArray();
    }
    int tasks = b.tasks.size();
    taskName = new String[tasks];
    threadName = new String[tasks];
    threadFactory = new ThreadFactory[tasks];
    taskNode = new int[tasks];
    @SuppressWarnings("unchecked")
    StepBody<? super S>[] bodies = new StepBody[tasks];
    taskBody = bodies;
    taskTimeoutNanos = new long[tasks];
    taskAsync = new boolean[tasks];
    taskRetry = new StepOptions.RetryPolicy[tasks];
    taskEachNode = new int[tasks];
    taskEachInput = new int[tasks];
    taskLimit = new int[tasks];
    for (int t = 0; t < tasks; t++) {
      TaskDecl<S> d = b.tasks.get(t);
      taskName[t] = d.name;
      threadName[t] = simpleName + "." + d.name;
      threadFactory[t] = Thread.ofVirtual().name(threadName[t]).factory();
      taskNode[t] = d.node;
      taskBody[t] = d.body;
      taskTimeoutNanos[t] = d.options.timeoutNanos();
      taskAsync[t] = d.options.isAsync();
      taskRetry[t] = d.options.retryPolicy();
      taskEachNode[t] = d.options.eachNode();
      taskEachInput[t] = d.options.eachInput();
      taskLimit[t] = d.options.limit();
    }
    nodeFeedsEach = new boolean[nodes];
    for (int t = 0; t < tasks; t++) {
      if (taskEachNode[t] >= 0) {
        nodeFeedsEach[taskEachNode[t]] = true;
      }
    }
  }

  /**
   * Starts the declaration of a workflow.
   *
   * @param name the qualified name of the service class
   * @param inputs the names of the workflow inputs, in the order {@code run} takes them
   */
  public static <S> Builder<S> builder(String name, String... inputs) {
    return new Builder<>(name, inputs);
  }

  /**
   * Runs the workflow and blocks until every step it started has ended.
   *
   * @throws WorkflowFailedException when a step failed, with exactly what it threw as cause
   * @throws InterruptedException when the calling thread was interrupted (before or during the
   *     run); every running step was interrupted and has ended
   */
  public R run(S service, RunOptions options, Object... inputs) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before the run of " + name + " started");
    }
    Run<S, R> run = new Run<>(this, service, options, checkInputs(inputs), Thread.currentThread());
    run.start();
    return run.await();
  }

  /**
   * Starts the workflow and returns at once. The future completes once every step the run started
   * has ended: with the result, or exceptionally with a {@link WorkflowFailedException}.
   * Cancelling it cancels the run: running steps are interrupted and end soon after.
   */
  public CompletableFuture<R> runAsync(S service, RunOptions options, Object... inputs) {
    Run<S, R> run = new Run<>(this, service, options, checkInputs(inputs), null);
    CompletableFuture<R> future = run.future();
    run.start();
    return future;
  }

  private Object[] checkInputs(Object[] values) {
    if (values.length != inputs.length) {
      throw new IllegalArgumentException(
          name + " takes " + inputs.length + " inputs " + Arrays.toString(inputs)
              + ", got " + values.length);
    }
    return values;
  }

  /** The qualified name of the service class. */
  public String name() {
    return name;
  }

  /** The names of the steps and races, in order of declaration. */
  public List<String> nodes() {
    return List.of(nodeName);
  }

  /** The names of the steps and racers, in source order. */
  public List<String> tasks() {
    return List.of(taskName);
  }

  /** The names of the workflow inputs, in the order {@code run} takes them. */
  public List<String> inputs() {
    return List.of(inputs);
  }

  /**
   * A read-only view of this declaration for another engine (such as errands-temporal): its graph,
   * and a way to call each step's body and to build the result record.
   */
  public WorkflowView<S, R> view() {
    return new WorkflowView<>(this);
  }

  @Override
  public String toString() {
    return "Workflow[" + name + ", steps and races " + nodes() + "]";
  }

  private record NodeDecl(String name, int[] after, Wins wins, boolean tolerated, List<Integer> tasks) {}

  private record TaskDecl<S>(String name, int node, StepOptions options, StepBody<? super S> body) {}

  /**
   * Declares a workflow: steps and races in source order, then {@link #build}. Each {@code step}
   * and {@code race} is the next node (0, 1, 2, …); {@code after} refers to earlier or later nodes
   * by index.
   */
  public static final class Builder<S> {
    private final String name;
    private final String[] inputs;
    private final List<NodeDecl> nodes = new ArrayList<>();
    private final List<TaskDecl<S>> tasks = new ArrayList<>();
    private long runTimeoutNanos;

    private Builder(String name, String[] inputs) {
      this.name = Objects.requireNonNull(name, "name");
      this.inputs = inputs.clone();
    }

    /** Bounds the whole run, as {@code @Timeout} on the service class. */
    public Builder<S> timeout(long duration, TimeUnit unit) {
      if (duration <= 0) {
        throw new IllegalArgumentException("timeout must be positive: " + duration + " " + unit);
      }
      runTimeoutNanos = unit.toNanos(duration);
      return this;
    }

    /** Declares the next node: a step, called by {@code body}. */
    public Builder<S> step(String name, StepOptions options, StepBody<? super S> body) {
      int node = nodes.size();
      nodes.add(new NodeDecl(name, options.afterNodes(), null, options.isTolerated(), List.of(tasks.size())));
      tasks.add(new TaskDecl<>(name, node, options, body));
      return this;
    }

    /**
     * Declares the next node: a race, whose racers follow with {@link #racer}. Only {@code after}
     * and {@code tolerated} of {@code options} apply to a race; racers have their own timeouts and
     * retries.
     */
    public Builder<S> race(String name, Wins wins, StepOptions options) {
      nodes.add(new NodeDecl(
          name, options.afterNodes(), Objects.requireNonNull(wins), options.isTolerated(), new ArrayList<>()));
      return this;
    }

    /** Adds a racer, called by {@code body}, to the race at node {@code race}. */
    public Builder<S> racer(int race, String name, StepBody<? super S> body) {
      return racer(race, name, StepOptions.after(), body);
    }

    /**
     * Adds a racer with a timeout of its own to the race at node {@code race}; {@code options} may
     * not have {@code after} entries, as a racer waits for what its race waits for.
     */
    public Builder<S> racer(int race, String name, StepOptions options, StepBody<? super S> body) {
      NodeDecl decl = nodes.get(race);
      if (decl.wins == null) {
        throw new IllegalArgumentException("node " + race + " (" + decl.name + ") is not a race");
      }
      if (options.afterNodes().length != 0) {
        throw new IllegalArgumentException("racer " + name + ": a racer waits for what its race waits for");
      }
      if (options.isEach() || options.isTolerated()) {
        throw new IllegalArgumentException("racer " + name + ": a racer runs once, and its race decides what is tolerated");
      }
      decl.tasks.add(tasks.size());
      tasks.add(new TaskDecl<>(name, race, options, body));
      return this;
    }

    /** Finishes the declaration; {@code result} builds the result record of a successful run. */
    public <R> Workflow<S, R> build(ResultFactory<R> result) {
      for (NodeDecl n : nodes) {
        for (int dep : n.after) {
          if (dep < 0 || dep >= nodes.size()) {
            throw new IllegalArgumentException(n.name + " waits for node " + dep + ", which does not exist");
          }
        }
      }
      for (TaskDecl<S> t : tasks) {
        int eachNode = t.options.eachNode();
        if (eachNode >= 0 && Arrays.stream(nodes.get(t.node).after).noneMatch(dep -> dep == eachNode)) {
          throw new IllegalArgumentException(t.name + " runs once per element of node " + eachNode + ", which it does not wait for");
        }
        if (t.options.eachInput() >= inputs.length) {
          throw new IllegalArgumentException(t.name + " runs once per element of input " + t.options.eachInput() + ", which does not exist");
        }
      }
      checkAcyclic();
      return new Workflow<>(this, Objects.requireNonNull(result, "result"));
    }

    /** The processor rejects cycles at compile time; a hand-built workflow gets this check. */
    private void checkAcyclic() {
      int[] waiting = new int[nodes.size()];
      List<List<Integer>> dependents = new ArrayList<>();
      for (int n = 0; n < nodes.size(); n++) {
        waiting[n] = nodes.get(n).after.length;
        dependents.add(new ArrayList<>());
      }
      for (int n = 0; n < nodes.size(); n++) {
        for (int dep : nodes.get(n).after) {
          dependents.get(dep).add(n);
        }
      }
      var free = new ArrayList<Integer>();
      for (int n = 0; n < waiting.length; n++) {
        if (waiting[n] == 0) {
          free.add(n);
        }
      }
      int reached = 0;
      while (!free.isEmpty()) {
        int n = free.remove(free.size() - 1);
        reached++;
        for (int d : dependents.get(n)) {
          if (--waiting[d] == 0) {
            free.add(d);
          }
        }
      }
      if (reached != nodes.size()) {
        var inCycle = new ArrayList<String>();
        for (int n = 0; n < waiting.length; n++) {
          if (waiting[n] > 0) {
            inCycle.add(nodes.get(n).name);
          }
        }
        throw new IllegalArgumentException(name + ": steps wait for each other in a cycle: " + inCycle);
      }
    }
  }
}
