package dev.errands.runtime;

import dev.errands.runtime.schedule.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  final String name;
  final String simpleName;
  final String[] inputs;
  final Graph graph; // nodes, tasks, what waits for what: what the schedule of a run needs
  // Tasks: steps and racers, in source order; how each is called.
  final String[] threadName;
  final ThreadFactory[] threadFactory; // virtual threads named threadName[t]; safe to share
  final StepBody<? super S>[] taskBody;
  final long[] taskTimeoutNanos;
  final boolean[] taskAsync;
  final long runTimeoutNanos;
  final ResultFactory<R> result;
  final String[] inputTypes; // as the processor read them; null when not declared
  final String[] taskTypes;
  // What each task's parameters take, read only by other engines: null when not declared.
  final int[][] taskInputs;
  final int[][] taskResults;

  private Workflow(Builder<S> b, Graph graph, ResultFactory<R> result) {
    this.name = b.name;
    this.simpleName = b.name.substring(b.name.lastIndexOf('.') + 1);
    this.inputs = b.inputs;
    this.graph = graph;
    this.runTimeoutNanos = b.runTimeoutNanos;
    this.result = result;
    int tasks = b.tasks.size();
    if (b.types != null && b.types.length != inputs.length + tasks) {
      throw new IllegalArgumentException(name + ": types() names " + b.types.length + " types for "
          + inputs.length + " inputs and " + tasks + " steps and racers");
    }
    this.inputTypes = b.types == null ? null : Arrays.copyOfRange(b.types, 0, inputs.length);
    this.taskTypes = b.types == null ? null : Arrays.copyOfRange(b.types, inputs.length, b.types.length);
    taskInputs = new int[tasks][];
    taskResults = new int[tasks][];
    for (var takes : b.takes.entrySet()) {
      int t = b.taskIndex(takes.getKey());
      int[] in = takes.getValue()[0];
      int[] results = takes.getValue()[1];
      for (int i : in) {
        if (i < 0 || i >= inputs.length) {
          throw new IllegalArgumentException(name + ": takes() gives " + takes.getKey() + " input " + i
              + ", but the workflow has " + inputs.length + " inputs");
        }
      }
      int node = graph.taskNode(t);
      for (int r : results) {
        if (Arrays.stream(graph.after(node)).noneMatch(a -> a == r)) {
          throw new IllegalArgumentException(name + ": takes() gives " + takes.getKey() + " the result of node " + r
              + ", which " + graph.nodeName(node) + " does not wait for");
        }
      }
      taskInputs[t] = in;
      taskResults[t] = results;
    }
    threadName = new String[tasks];
    threadFactory = new ThreadFactory[tasks];
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is created raw
    StepBody<? super S>[] bodies = new StepBody[tasks];
    taskBody = bodies;
    taskTimeoutNanos = new long[tasks];
    taskAsync = new boolean[tasks];
    for (int t = 0; t < tasks; t++) {
      TaskDecl<S> d = b.tasks.get(t);
      threadName[t] = simpleName + "." + d.name;
      threadFactory[t] = Thread.ofVirtual().name(threadName[t]).factory();
      taskBody[t] = d.body;
      taskTimeoutNanos[t] = d.options.timeoutNanos();
      taskAsync[t] = d.options.isAsync();
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
    var names = new ArrayList<String>(graph.nodes());
    for (int n = 0; n < graph.nodes(); n++) {
      names.add(graph.nodeName(n));
    }
    return List.copyOf(names);
  }

  /** The names of the steps and racers, in source order. */
  public List<String> tasks() {
    var names = new ArrayList<String>(graph.tasks());
    for (int t = 0; t < graph.tasks(); t++) {
      names.add(graph.taskName(t));
    }
    return List.copyOf(names);
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

  private record TaskDecl<S>(String name, StepOptions options, StepBody<? super S> body) {}

  /**
   * Declares a workflow: steps and races in source order, then {@link #build}. Each {@code step}
   * and {@code race} is the next node (0, 1, 2, …); {@code after} refers to earlier or later nodes
   * by index.
   */
  public static final class Builder<S> {
    private final String name;
    private final String[] inputs;
    private final Graph.Builder graph;
    private final List<TaskDecl<S>> tasks = new ArrayList<>();
    private long runTimeoutNanos;
    private String[] types;
    private final Map<String, int[][]> takes = new LinkedHashMap<>();

    private Builder(String name, String[] inputs) {
      this.name = Objects.requireNonNull(name, "name");
      this.inputs = inputs.clone();
      this.graph = Graph.builder(name, inputs.length);
    }

    /** Bounds the whole run, as {@code @Timeout} on the service class. */
    public Builder<S> timeout(long duration, TimeUnit unit) {
      if (duration <= 0) {
        throw new IllegalArgumentException("timeout must be positive: " + duration + " " + unit);
      }
      runTimeoutNanos = unit.toNanos(duration);
      return this;
    }

    /**
     * Records the types of the inputs (in the order {@code run} takes them), then of the steps
     * and racers (in source order: each method's return type), as source text. They run nothing:
     * engines that must tell two versions of a declaration apart (errands-temporal) read them
     * with {@link WorkflowView#inputType} and {@link WorkflowView#taskType}.
     */
    public Builder<S> types(String... types) {
      for (String type : types) {
        Objects.requireNonNull(type, "type");
      }
      this.types = types.clone();
      return this;
    }

    /**
     * Records what the parameters of step or racer {@code task} take: the workflow inputs {@code
     * inputs} (by index) and the results of the nodes {@code results} (by index; each one its node
     * waits for), besides its context and, for an {@code @Each} step, its element. Like {@link
     * #types}, it runs nothing and the in-process engine never reads it: an engine that sends a
     * step its arguments elsewhere (errands-temporal) reads it with {@link WorkflowView#inputsOf}
     * and {@link WorkflowView#resultsOf}, and sends only these. A task without it is sent every
     * input and every result its node waits for. May come before the task is declared.
     */
    public Builder<S> takes(String task, int[] inputs, int[] results) {
      Objects.requireNonNull(task, "task");
      if (takes.put(task, new int[][] {inputs.clone(), results.clone()}) != null) {
        throw new IllegalArgumentException(name + ": takes() of " + task + " given twice");
      }
      return this;
    }

    private int taskIndex(String task) {
      for (int t = 0; t < tasks.size(); t++) {
        if (tasks.get(t).name().equals(task)) {
          return t;
        }
      }
      throw new IllegalArgumentException(name + ": takes() names " + task + ", which is not a step or racer");
    }

    /** Declares the next node: a step, called by {@code body}. */
    public Builder<S> step(String name, StepOptions options, StepBody<? super S> body) {
      graph.step(name, options.afterNodes(), options.isTolerated(), options.retryPolicy(),
          options.eachNode(), options.eachInput(), options.limit());
      tasks.add(new TaskDecl<>(name, options, body));
      return this;
    }

    /**
     * Declares the next node: a race, whose racers follow with {@link #racer}. Only {@code after},
     * {@code tolerated} and {@code hedge} of {@code options} apply to a race; racers have their own
     * timeouts and retries.
     */
    public Builder<S> race(String name, Wins wins, StepOptions options) {
      graph.race(name, options.afterNodes(), Objects.requireNonNull(wins), options.isTolerated(), options.hedgeNanos());
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
      graph.checkRace(race);
      if (options.afterNodes().length != 0) {
        throw new IllegalArgumentException("racer " + name + ": a racer waits for what its race waits for");
      }
      if (options.isEach() || options.isTolerated()) {
        throw new IllegalArgumentException("racer " + name + ": a racer runs once, and its race decides what is tolerated");
      }
      graph.racer(race, name, options.retryPolicy());
      tasks.add(new TaskDecl<>(name, options, body));
      return this;
    }

    /** Finishes the declaration; {@code result} builds the result record of a successful run. */
    public <R> Workflow<S, R> build(ResultFactory<R> result) {
      return new Workflow<>(this, graph.build(), Objects.requireNonNull(result, "result"));
    }
  }
}
