package dev.errands.temporal;

import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.WorkflowView;
import dev.errands.runtime.schedule.Graph;
import dev.errands.temporal.Wire.Declaration;
import dev.errands.temporal.Wire.Input;
import dev.errands.temporal.Wire.Node;
import dev.errands.temporal.Wire.Retry;
import dev.errands.temporal.Wire.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a declaration ({@link Declaration}): built from a {@link WorkflowView}, turned
 * back into the {@link Graph} a run drives, and compared with another to say what changed.
 *
 * <p>The fingerprint hashes one line per input, step, race and racer (names, {@code after}, race
 * kind and hedge delay, tolerated, {@code @Each} and its limit, {@code @Retry}, {@code @Timeout}, async, and the
 * types and what each step's parameters take when the declaration has them), sorted: two declarations that differ only in the source
 * order of their methods have the same fingerprint, and a run started on one finishes on the other
 * (the workflow drives the graph in the order the run recorded; values cross by name).
 */
final class Declarations {
  private Declarations() {}

  /** The declaration of {@code view}, served (or started) under the workflow name {@code name}. */
  static Declaration of(String name, WorkflowView<?, ?> view) {
    var inputs = new ArrayList<Input>();
    for (int i = 0; i < view.inputs().size(); i++) {
      inputs.add(new Input(view.inputs().get(i), view.inputType(i).orElse(null)));
    }
    var nodes = new ArrayList<Node>();
    for (WorkflowView.Node n : view.nodes()) {
      var after = new ArrayList<String>();
      for (int a : n.after()) {
        after.add(view.nodes().get(a).name());
      }
      nodes.add(new Node(n.name(), after, n.wins().map(Wins::name).orElse(null), n.tolerated(),
          n.hedgeAfter().map(Duration::toNanos).orElse(0L)));
    }
    var tasks = new ArrayList<Task>();
    for (WorkflowView.Task t : view.tasks()) {
      Retry retry = t.retry().map(r -> {
        var on = new ArrayList<String>();
        r.on().forEach(c -> on.add(c.getName()));
        return new Retry(r.attempts(), r.delayNanos(), r.multiplier(), on);
      }).orElse(null);
      tasks.add(new Task(t.name(), view.nodes().get(t.node()).name(), view.taskType(t.index()).orElse(null),
          t.timeout().map(Duration::toNanos).orElse(0L), retry, t.async(),
          t.eachNode() >= 0 ? view.nodes().get(t.eachNode()).name() : null,
          t.eachInput() >= 0 ? view.inputs().get(t.eachInput()) : null, t.limit(),
          view.inputsOf(t.index()).map(in -> in.stream().map(i -> view.inputs().get(i)).toList()).orElse(null),
          view.resultsOf(t.index()).map(rs -> rs.stream().map(r -> view.nodes().get(r).name()).toList()).orElse(null)));
    }
    long timeout = view.runTimeout().map(Duration::toNanos).orElse(0L);
    var lines = lines(name, timeout, inputs, nodes, tasks);
    return new Declaration(name, fingerprint(lines), String.join("\n", lines.values()), timeout, inputs, nodes, tasks);
  }

  /** The fingerprint of {@code workflow}'s declaration, under its own name. */
  static String fingerprint(WorkflowView<?, ?> view) {
    return of(view.name(), view).fingerprint();
  }

  /**
   * The fingerprints {@code d} had before classes in its types were renamed: {@code renamed} maps a
   * class's name now (its canonical name) to a name it had ({@link ErrandsWorker#alias}), and each
   * combination of those renames that touches {@code d}'s types gives one (at most 64); not {@code
   * d}'s own.
   */
  static List<String> fingerprintsBefore(Declaration d, List<Map.Entry<String, String>> renamed) {
    var touching = new ArrayList<Map.Entry<String, String>>();
    var types = new ArrayList<String>();
    d.inputs().forEach(in -> types.add(in.type()));
    d.tasks().forEach(t -> types.add(t.type()));
    for (var rename : renamed) {
      if (touching.size() < 6 && types.stream().anyMatch(type -> type != null && rename(type, rename.getKey(), "") != type)) {
        touching.add(rename);
      }
    }
    var fingerprints = new ArrayList<String>();
    for (int subset = 1; subset < 1 << touching.size(); subset++) {
      int chosen = subset;
      java.util.function.UnaryOperator<String> before = type -> {
        if (type == null) {
          return null;
        }
        for (int r = 0; r < touching.size(); r++) {
          if ((chosen & 1 << r) != 0) {
            type = rename(type, touching.get(r).getKey(), touching.get(r).getValue());
          }
        }
        return type;
      };
      var inputs = d.inputs().stream().map(in -> new Input(in.name(), before.apply(in.type()))).toList();
      var tasks = d.tasks().stream().map(t -> new Task(t.name(), t.node(), before.apply(t.type()), t.timeoutNanos(), t.retry(),
          t.async(), t.eachNode(), t.eachInput(), t.limit(), t.inputs(), t.results())).toList();
      String fingerprint = fingerprint(lines(d.workflow(), d.timeoutNanos(), inputs, d.nodes(), tasks));
      if (!fingerprint.equals(d.fingerprint()) && !fingerprints.contains(fingerprint)) {
        fingerprints.add(fingerprint);
      }
    }
    return fingerprints;
  }

  /**
   * {@code type} (source text) with the class {@code now} (and its nested classes) named {@code
   * was}; {@code type} itself when it does not name it.
   */
  private static String rename(String type, String now, String was) {
    var matcher = java.util.regex.Pattern.compile("(?<![\\w.$])" + java.util.regex.Pattern.quote(now) + "(?![\\w$])").matcher(type);
    return matcher.find() ? matcher.replaceAll(java.util.regex.Matcher.quoteReplacement(was)) : type;
  }

  /** One line per input, step, race and racer, in source order, keyed by what it is ("step deliver"). */
  private static LinkedHashMap<String, String> lines(
      String name, long timeout, List<Input> inputs, List<Node> nodes, List<Task> tasks) {
    var lines = new LinkedHashMap<String, String>();
    lines.put("workflow", "workflow " + name + (timeout > 0 ? ", @Timeout " + Durations.describe(timeout) : ""));
    for (Input in : inputs) {
      lines.put("input " + in.name(), "input " + in.name() + typed(in.type()));
    }
    for (Node n : nodes) {
      var text = new StringBuilder();
      if (n.wins() != null) {
        var racers = new ArrayList<String>();
        for (Task t : tasks) {
          if (t.node().equals(n.name())) {
            racers.add(t.name());
          }
        }
        text.append("race ").append(n.name()).append(", ").append(n.wins());
        if (n.hedgeNanos() > 0) { // absent otherwise: the fingerprints of races that do not hedge are unchanged
          text.append(", hedged after ").append(Durations.describe(n.hedgeNanos()));
        }
        text.append(", racers ").append(sorted(racers));
      } else {
        text.append("step ").append(n.name()).append(task(findTask(tasks, n.name())));
      }
      text.append(", after ").append(sorted(n.after()));
      if (n.tolerated()) {
        text.append(", tolerated");
      }
      if (n.wins() == null) {
        text.append(takes(findTask(tasks, n.name())));
      }
      lines.put((n.wins() != null ? "race " : "step ") + n.name(), text.toString());
    }
    for (Task t : tasks) {
      Node n = find(nodes, t.node());
      if (n != null && n.wins() != null) {
        lines.put("racer " + t.name(), "racer " + t.name() + " of " + t.node() + task(t) + takes(t));
      }
    }
    return lines;
  }

  private static String task(Task t) {
    if (t == null) {
      return "";
    }
    var text = new StringBuilder(typed(t.type()));
    if (t.eachNode() != null || t.eachInput() != null) {
      text.append(", @Each(").append(t.eachNode() != null ? t.eachNode() : "input " + t.eachInput());
      text.append(t.limit() > 0 ? ", limit " + t.limit() : "").append(")");
    }
    if (t.timeoutNanos() > 0) {
      text.append(", @Timeout ").append(Durations.describe(t.timeoutNanos()));
    }
    if (t.retry() != null) {
      Retry r = t.retry();
      text.append(", @Retry(").append(r.attempts()).append(" attempts, delay ").append(Durations.describe(r.delayNanos()))
          .append(", x").append(r.multiplier()).append(", on ").append(sorted(r.on())).append(")");
    }
    if (t.async()) {
      text.append(", async");
    }
    return text.toString();
  }

  /**
   * {@code ", takes [input order, pack]"}: what a worker sends the step, so a parameter gained or
   * lost changes the fingerprint; nothing where the declaration does not say (hand-built
   * declarations keep their fingerprints).
   */
  private static String takes(Task t) {
    if (t == null || t.inputs() == null && t.results() == null) {
      return "";
    }
    var takes = new ArrayList<String>();
    (t.inputs() == null ? List.<String>of() : t.inputs()).forEach(in -> takes.add("input " + in));
    takes.addAll(t.results() == null ? List.of() : t.results());
    return ", takes " + sorted(takes);
  }

  private static String typed(String type) {
    return type == null ? "" : ": " + type;
  }

  private static List<String> sorted(List<String> names) {
    return names.stream().sorted().toList();
  }

  private static String fingerprint(Map<String, String> lines) {
    String canonical = String.join("\n", lines.values().stream().sorted().toList());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) { // every JDK has SHA-256
      throw new IllegalStateException(e);
    }
  }

  private static Task findTask(List<Task> tasks, String name) {
    for (Task t : tasks) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static Node find(List<Node> nodes, String name) {
    for (Node n : nodes) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // The graph a run drives

  /**
   * The graph of {@code d}, nodes and tasks in the order the run recorded, for the {@link
   * dev.errands.runtime.schedule.Schedule}. A {@code @Retry}'s {@code on} is not needed there (the
   * worker judges it), so it admits everything.
   */
  static Graph graph(Declaration d) {
    return graph(d, true);
  }

  /**
   * The graph of {@code d}; without its {@code @Each} limits when {@code limits} is false, for an
   * engine that holds a fan-out's elements back itself (Temporal's, which may hand them to child
   * workflows).
   */
  static Graph graph(Declaration d, boolean limits) {
    var nodeIndex = new LinkedHashMap<String, Integer>();
    for (int n = 0; n < d.nodes().size(); n++) {
      nodeIndex.put(d.nodes().get(n).name(), n);
    }
    var inputIndex = new LinkedHashMap<String, Integer>();
    for (int i = 0; i < d.inputs().size(); i++) {
      inputIndex.put(d.inputs().get(i).name(), i);
    }
    var b = Graph.builder(d.workflow(), d.inputs().size());
    // Nodes and tasks interleave as the declaration's builder did: a step declares its node and
    // its task at once, a race only its node; a racer joins a race declared before it.
    int t = 0;
    for (Node n : d.nodes()) {
      int[] after = n.after().stream().mapToInt(a -> index(nodeIndex, a, d)).toArray();
      if (n.wins() != null) {
        b.race(n.name(), after, Wins.valueOf(n.wins()), n.tolerated(), n.hedgeNanos());
        continue;
      }
      for (; !d.tasks().get(t).name().equals(n.name()); t++) {
        Task racer = d.tasks().get(t);
        b.racer(index(nodeIndex, racer.node(), d), racer.name(), retry(racer.retry()));
      }
      Task step = d.tasks().get(t++);
      b.step(n.name(), after, n.tolerated(), retry(step.retry()),
          step.eachNode() == null ? -1 : index(nodeIndex, step.eachNode(), d),
          step.eachInput() == null ? -1 : index(inputIndex, step.eachInput(), d), limits ? step.limit() : 0);
    }
    for (; t < d.tasks().size(); t++) {
      Task racer = d.tasks().get(t);
      b.racer(index(nodeIndex, racer.node(), d), racer.name(), retry(racer.retry()));
    }
    return b.build();
  }

  private static int index(Map<String, Integer> indices, String name, Declaration d) {
    Integer index = indices.get(name);
    if (index == null) {
      throw new IllegalArgumentException("the declaration of " + d.workflow() + " names '" + name + "', which it does not declare");
    }
    return index;
  }

  private static StepOptions.RetryPolicy retry(Retry r) {
    return r == null ? null : new StepOptions.RetryPolicy(r.attempts(), r.delayNanos(), r.multiplier(), List.of(Exception.class));
  }

  /** Task {@code t} of {@code d} as the view's record, for the activity options. */
  static WorkflowView.Task task(Declaration d, Graph graph, int t) {
    Task task = d.tasks().get(t);
    return new WorkflowView.Task(t, task.name(), graph.taskNode(t),
        task.timeoutNanos() > 0 ? Optional.of(Duration.ofNanos(task.timeoutNanos())) : Optional.empty(),
        Optional.ofNullable(graph.retry(t)), task.async(), graph.eachNode(t), graph.eachInput(t), task.limit());
  }

  // ---------------------------------------------------------------------------------------------
  // What changed

  /** One difference between the declaration a run started with and another. */
  record Change(String step, String text) {}

  /**
   * What differs between {@code started} (the run's) and {@code now} (a worker's or a client's),
   * each difference naming its step (or race, racer, input); empty when only source order differs.
   */
  static List<Change> changes(Declaration started, Declaration now) {
    var before = lines(started.workflow(), started.timeoutNanos(), started.inputs(), started.nodes(), started.tasks());
    var after = lines(started.workflow(), now.timeoutNanos(), now.inputs(), now.nodes(), now.tasks());
    var changes = new ArrayList<Change>();
    for (var e : after.entrySet()) {
      String was = before.get(e.getKey());
      String what = e.getKey().equals("workflow") ? "the class @Timeout" : quote(e.getKey());
      if (was == null) {
        changes.add(new Change(name(e.getKey()), what + " is not in the declaration this run started with"));
      } else if (!was.equals(e.getValue())) {
        changes.add(new Change(name(e.getKey()), what + " changed: the run started with '" + was + "', now '" + e.getValue() + "'"));
      }
    }
    for (var e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        changes.add(new Change(name(e.getKey()), quote(e.getKey()) + " of the declaration this run started with is not in this worker's"));
      }
    }
    return changes;
  }

  /**
   * What differs in the values that {@code now}'s nodes read from a run that started with {@code
   * started}: a node that is not there, is a step there and a race here (or the reverse), is
   * tolerated in one only, or (when both recorded types) has another type.
   */
  static List<Change> valueChanges(Declaration started, Declaration now) {
    var changes = new ArrayList<Change>();
    for (Node n : now.nodes()) {
      String what = (n.wins() != null ? "race '" : "step '") + n.name() + "'";
      Node was = find(started.nodes(), n.name());
      if (was == null) {
        changes.add(new Change(n.name(), what + " is not in the declaration this run started with"));
      } else if ((was.wins() == null) != (n.wins() == null) || was.tolerated() != n.tolerated()) {
        changes.add(new Change(n.name(), what + " changed: the run started with "
            + (was.wins() != null ? "a race" : "a step") + (was.tolerated() ? ", tolerated" : "")));
      } else {
        var before = valueTypes(started, was);
        var after = valueTypes(now, n);
        if (!before.contains(null) && !after.contains(null) && !before.equals(after)) {
          changes.add(new Change(n.name(), what + " changed its type: the run started with " + before + ", now " + after));
        }
      }
    }
    return changes;
  }

  private static List<String> valueTypes(Declaration d, Node n) {
    var types = new ArrayList<String>();
    for (Task t : d.tasks()) {
      if (t.node().equals(n.name())) {
        types.add(t.type());
      }
    }
    return types.contains(null) ? types : types.stream().sorted().toList();
  }

  /** "step 'deliver'" for the key "step deliver". */
  private static String quote(String key) {
    int space = key.indexOf(' ');
    return key.substring(0, space) + " '" + key.substring(space + 1) + "'";
  }

  private static String name(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? key : key.substring(space + 1);
  }

  /**
   * Why a worker serving {@code served} (the versions of the run's workflow it has, perhaps none)
   * does not continue a run that started with {@code started}: what changed against the first of
   * them, then the two declarations.
   */
  static DeclarationChangedException mismatch(Declaration started, List<Declaration> served) {
    Objects.requireNonNull(started, "started");
    if (served.isEmpty()) {
      return new DeclarationChangedException(started.workflow(), firstStep(started),
          "no version of " + started.workflow() + " is served by this worker; the run started with declaration "
              + started.fingerprint() + ":\n" + started.summary());
    }
    Declaration now = served.get(0);
    List<Change> changes = changes(started, now);
    var fingerprints = served.stream().map(Declaration::fingerprint).toList();
    String what = changes.isEmpty()
        ? "its declaration differs"
        : String.join("; ", changes.stream().map(Change::text).toList());
    return new DeclarationChangedException(started.workflow(),
        changes.isEmpty() ? firstStep(started) : changes.get(0).step(),
        what + ". The run started with declaration " + started.fingerprint() + ", which this worker does not serve"
            + " (it serves " + String.join(", ", fingerprints) + "):\n" + started.summary());
  }

  private static String firstStep(Declaration d) {
    return d.tasks().isEmpty() ? d.workflow() : d.tasks().get(0).name();
  }
}
