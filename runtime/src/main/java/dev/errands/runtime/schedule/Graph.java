package dev.errands.runtime.schedule;

import dev.errands.runtime.StepOptions.RetryPolicy;
import dev.errands.runtime.Wins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Schedule} needs to know of a workflow: its <em>nodes</em> (steps and races, indexed
 * in order of declaration) with what each waits for, and its <em>tasks</em> (steps and racers, in
 * source order: what runs) with how each is retried and fanned out. Built once per declaration,
 * checked when built (indices, fan-out sources, cycles), immutable, and shared by every run and
 * every engine.
 *
 * <p>Not part of the API users write code against: engines (the in-process one, Temporal's) use it.
 */
public final class Graph {
  final String workflow;
  final int inputs;
  // Nodes.
  final String[] nodeName;
  final int[][] after;
  final int[][] dependents; // the nodes that wait for each node, in ascending order
  final int[][] tasks; // a step's one task, or a race's racers in source order
  final Wins[] wins; // null for a step
  final boolean[] tolerated;
  final long[] hedgeNanos; // a hedged race's delay between racers; 0 for a step or a race all at once
  final boolean[] feedsEach; // some task runs once per element of its result
  // Tasks.
  final String[] taskName;
  final int[] taskNode;
  final RetryPolicy[] retry; // or null
  final int[] eachNode; // the node whose result the task runs once per element of, or -1
  final int[] eachInput; // the input the task runs once per element of, or -1
  final int[] limit; // elements at once; 0 for no limit
  final boolean runsPerElement; // some task runs once per element

  private Graph(Builder b) {
    workflow = b.workflow;
    inputs = b.inputs;
    int nodes = b.nodes.size();
    nodeName = new String[nodes];
    after = new int[nodes][];
    tasks = new int[nodes][];
    wins = new Wins[nodes];
    tolerated = new boolean[nodes];
    hedgeNanos = new long[nodes];
    int[] dependentCount = new int[nodes];
    for (int n = 0; n < nodes; n++) {
      NodeDecl d = b.nodes.get(n);
      nodeName[n] = d.name;
      after[n] = d.after.clone();
      wins[n] = d.wins;
      tolerated[n] = d.tolerated;
      hedgeNanos[n] = d.hedgeNanos;
      tasks[n] = new int[d.tasks.size()];
      for (int i = 0; i < tasks[n].length; i++) {
        tasks[n][i] = d.tasks.get(i);
      }
      for (int dep : after[n]) {
        if (dep < 0 || dep >= nodes) {
          throw new IllegalArgumentException(d.name + " waits for node " + dep + ", which does not exist");
        }
        dependentCount[dep]++;
      }
    }
    dependents = new int[nodes][];
    for (int n = 0; n < nodes; n++) {
      dependents[n] = new int[dependentCount[n]];
      dependentCount[n] = 0;
    }
    for (int n = 0; n < nodes; n++) {
      for (int dep : after[n]) {
        dependents[dep][dependentCount[dep]++] = n;
      }
    }
    int count = b.tasks.size();
    taskName = new String[count];
    taskNode = new int[count];
    retry = new RetryPolicy[count];
    eachNode = new int[count];
    eachInput = new int[count];
    limit = new int[count];
    feedsEach = new boolean[nodes];
    boolean perElement = false;
    for (int t = 0; t < count; t++) {
      TaskDecl d = b.tasks.get(t);
      taskName[t] = d.name;
      taskNode[t] = d.node;
      retry[t] = d.retry;
      eachNode[t] = d.eachNode;
      eachInput[t] = d.eachInput;
      limit[t] = d.limit;
      perElement |= runsPerElement(t);
      if (d.eachNode >= 0) {
        if (!contains(after[d.node], d.eachNode)) {
          throw new IllegalArgumentException(
              d.name + " runs once per element of node " + d.eachNode + ", which it does not wait for");
        }
        feedsEach[d.eachNode] = true;
      }
      if (d.eachInput >= inputs) {
        throw new IllegalArgumentException(
            d.name + " runs once per element of input " + d.eachInput + ", which does not exist");
      }
    }
    runsPerElement = perElement;
    checkAcyclic();
  }

  /**
   * Starts a graph.
   *
   * @param workflow the qualified name of the service class
   * @param inputs how many workflow inputs there are
   */
  public static Builder builder(String workflow, int inputs) {
    return new Builder(workflow, inputs);
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }

  /** The processor rejects cycles at compile time; a hand-built workflow gets this check. */
  private void checkAcyclic() {
    int[] waiting = new int[nodeName.length];
    int[] free = new int[nodeName.length];
    int freeCount = 0;
    for (int n = 0; n < waiting.length; n++) {
      waiting[n] = after[n].length;
      if (waiting[n] == 0) {
        free[freeCount++] = n;
      }
    }
    int reached = 0;
    while (freeCount > 0) {
      int n = free[--freeCount];
      reached++;
      for (int d : dependents[n]) {
        if (--waiting[d] == 0) {
          free[freeCount++] = d;
        }
      }
    }
    if (reached != nodeName.length) {
      var inCycle = new ArrayList<String>();
      for (int n = 0; n < waiting.length; n++) {
        if (waiting[n] > 0) {
          inCycle.add(nodeName[n]);
        }
      }
      throw new IllegalArgumentException(workflow + ": steps wait for each other in a cycle: " + inCycle);
    }
  }

  /** The qualified name of the service class. */
  public String workflow() {
    return workflow;
  }

  /** How many nodes (steps and races) there are. */
  public int nodes() {
    return nodeName.length;
  }

  /** How many tasks (steps and racers) there are. */
  public int tasks() {
    return taskName.length;
  }

  /** How many workflow inputs there are. */
  public int inputs() {
    return inputs;
  }

  public String nodeName(int node) {
    return nodeName[node];
  }

  /** The nodes node {@code node} waits for. */
  public int[] after(int node) {
    return after[node].clone();
  }

  /** The nodes that wait for node {@code node}, in ascending order. */
  public int[] dependents(int node) {
    return dependents[node].clone();
  }

  /** The tasks of node {@code node}: a step's one task, or a race's racers in source order. */
  public int[] tasksOf(int node) {
    return tasks[node].clone();
  }

  /** What decides race {@code node}, or null for a step. */
  public Wins wins(int node) {
    return wins[node];
  }

  /**
   * For a hedged race: how long after one racer started the next one starts while the race is
   * undecided; 0 for a step, or a race whose racers all start at once.
   */
  public long hedgeNanos(int node) {
    return hedgeNanos[node];
  }

  /** Whether node {@code node}'s failure is tolerated: its value is an {@code Outcome}. */
  public boolean tolerated(int node) {
    return tolerated[node];
  }

  /** Whether some task runs once per element of node {@code node}'s result. */
  public boolean feedsEach(int node) {
    return feedsEach[node];
  }

  public String taskName(int task) {
    return taskName[task];
  }

  /** The node task {@code task} belongs to: a step's own, or a racer's race. */
  public int taskNode(int task) {
    return taskNode[task];
  }

  /** How task {@code task} is retried, or null. */
  public RetryPolicy retry(int task) {
    return retry[task];
  }

  /** The node whose result task {@code task} runs once per element of, or -1. */
  public int eachNode(int task) {
    return eachNode[task];
  }

  /** The input task {@code task} runs once per element of, or -1. */
  public int eachInput(int task) {
    return eachInput[task];
  }

  /** Whether some task runs once per element ({@code @Each}). */
  public boolean runsPerElement() {
    return runsPerElement;
  }

  /** Whether task {@code task} runs once per element (of a node's result or of an input). */
  public boolean runsPerElement(int task) {
    return eachNode[task] >= 0 || eachInput[task] >= 0;
  }

  /** At most this many elements of task {@code task} at once; 0 for no limit. */
  public int limit(int task) {
    return limit[task];
  }

  @Override
  public String toString() {
    return "Graph[" + workflow + ", nodes " + Arrays.toString(nodeName) + "]";
  }

  private record NodeDecl(String name, int[] after, Wins wins, boolean tolerated, long hedgeNanos, List<Integer> tasks) {}

  private record TaskDecl(String name, int node, RetryPolicy retry, int eachNode, int eachInput, int limit) {}

  /** Declares nodes and tasks in order: each {@code step} or {@code race} is the next node. */
  public static final class Builder {
    private final String workflow;
    private final int inputs;
    private final List<NodeDecl> nodes = new ArrayList<>();
    private final List<TaskDecl> tasks = new ArrayList<>();

    private Builder(String workflow, int inputs) {
      this.workflow = Objects.requireNonNull(workflow, "workflow");
      this.inputs = inputs;
    }

    /**
     * Declares the next node, a step, and its task.
     *
     * @param retry how it is retried, or null
     * @param eachNode the node whose result it runs once per element of (one of {@code after}), or -1
     * @param eachInput the input it runs once per element of, or -1
     * @param limit at most this many elements at once; 0 for no limit
     */
    public Builder step(String name, int[] after, boolean tolerated, RetryPolicy retry, int eachNode, int eachInput, int limit) {
      int node = nodes.size();
      nodes.add(new NodeDecl(name, after, null, tolerated, 0, List.of(tasks.size())));
      tasks.add(new TaskDecl(name, node, retry, eachNode, eachInput, limit));
      return this;
    }

    /** Declares the next node, a race whose racers start at once; they follow with {@link #racer}. */
    public Builder race(String name, int[] after, Wins wins, boolean tolerated) {
      return race(name, after, wins, tolerated, 0);
    }

    /**
     * Declares the next node, a race; its racers follow with {@link #racer}.
     *
     * @param hedgeNanos more than 0 for a hedged race: its racers start one after another, this
     *     long apart, in the order they are added; 0: all at once
     */
    public Builder race(String name, int[] after, Wins wins, boolean tolerated, long hedgeNanos) {
      if (hedgeNanos < 0) {
        throw new IllegalArgumentException("race '" + name + "': hedge delay must not be negative: " + hedgeNanos + " ns");
      }
      nodes.add(new NodeDecl(name, after, Objects.requireNonNull(wins, "wins"), tolerated, hedgeNanos, new ArrayList<>()));
      return this;
    }

    /** Checks that node {@code race} is a race, which racers can join. */
    public Builder checkRace(int race) {
      NodeDecl decl = nodes.get(race);
      if (decl.wins == null) {
        throw new IllegalArgumentException("node " + race + " (" + decl.name + ") is not a race");
      }
      return this;
    }

    /** Adds a racer to the race at node {@code race}. */
    public Builder racer(int race, String name, RetryPolicy retry) {
      checkRace(race);
      nodes.get(race).tasks.add(tasks.size());
      tasks.add(new TaskDecl(name, race, retry, -1, -1, 0));
      return this;
    }

    public Graph build() {
      for (NodeDecl n : nodes) {
        if (n.wins != null && n.tasks.isEmpty()) {
          throw new IllegalStateException("race '" + n.name + "' has no racers");
        }
      }
      return new Graph(this);
    }
  }
}
