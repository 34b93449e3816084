package dev.errands.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.errands.runtime.Outcome;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Random workflows, valid and invalid. Valid ones must compile, and their orchestrators must
 * return what a plain evaluation of the same graph returns; each invalid one must fail with its one
 * error on the expected line; none may crash the processor.
 *
 * <p>Every step returns an {@code int} (plainly, boxed, or in a {@code CompletableFuture}) or
 * nothing, and computes its own constant plus what it receives: the results of its dependencies
 * and its inputs. Reproducible: {@code -Derrands.random.seed=…} picks the seed, {@code
 * -Derrands.random.count=5000} the number of classes (a few hundred by default).
 */
class RandomWorkflowTest {
  private static final long SEED = Long.getLong("errands.random.seed", 20_250_601L);
  private static final int COUNT = Integer.getInteger("errands.random.count", 200);
  /** Classes per compilation: many, for speed, but not so many that javac needs much memory. */
  private static final int BATCH = 200;
  private static final List<String> PARAMETER_TYPES = List.of("int", "long", "Integer", "Number");

  @Test
  void randomWorkflows() throws Exception {
    Random random = new Random(SEED);
    List<Workflow> valid = new ArrayList<>();
    List<Workflow> invalid = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      Workflow workflow = Workflow.random("W" + i, random);
      if (random.nextInt(5) < 2 && workflow.breakIt(random)) {
        invalid.add(workflow);
      } else {
        valid.add(workflow);
      }
    }
    if (COUNT >= 100) { // so that the features below cannot silently drop out of the mix
      for (String feature : List.of("@Race(", "@Retry(", "Outcome<Integer>", "new IllegalStateException(\"tolerated\")")) {
        assertWithMessage("seed %s: a valid workflow with %s", SEED, feature)
            .that(valid.stream().anyMatch(w -> w.text.contains(feature))).isTrue();
      }
    }
    for (int from = 0; from < valid.size(); from += BATCH) {
      checkValid(valid.subList(from, Math.min(valid.size(), from + BATCH)), random);
    }
    for (int from = 0; from < invalid.size(); from += BATCH) {
      checkInvalid(invalid.subList(from, Math.min(invalid.size(), from + BATCH)));
    }
  }

  private static void checkValid(List<Workflow> workflows, Random random) throws Exception {
    List<JavaFileObject> sources = workflows.stream().map(Workflow::source).toList();
    try (DiskCompilation disk = DiskCompilation.compile(sources); var loader = disk.classLoader()) {
      assertWithMessage("seed %s: %s", SEED, disk.diagnostics()).that(disk.succeeded()).isTrue();
      assertWithMessage("seed %s: %s", SEED, disk.diagnostics()).that(disk.diagnostics()).isEmpty();
      for (Workflow workflow : workflows) {
        Map<String, Integer> inputs = new LinkedHashMap<>();
        workflow.inputs().forEach(name -> inputs.put(name, random.nextInt(1000)));
        Class<?> service = loader.loadClass("com.acme." + workflow.name);
        Class<?> orchestratorClass = loader.loadClass("com.acme." + workflow.name + "Orchestrator");
        Constructor<?> constructor = service.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object orchestrator = orchestratorClass.getConstructor(service).newInstance(constructor.newInstance());
        Class<?>[] parameterTypes = new Class<?>[inputs.size()];
        Arrays.fill(parameterTypes, int.class);
        Method run = orchestratorClass.getMethod("run", parameterTypes);
        Object result = run.invoke(orchestrator, inputs.values().toArray());
        Map<String, Object> expected = workflow.evaluate(inputs);
        for (var component : expected.entrySet()) {
          Object value = result.getClass().getMethod(component.getKey()).invoke(result);
          var check = assertWithMessage("seed %s, %s of\n%s", SEED, component.getKey(), workflow.text);
          if (component.getValue() == null) {
            check.that(value).isInstanceOf(Outcome.Failure.class);
          } else if (component.getValue() instanceof Outcome<?> outcome) {
            check.that(value).isEqualTo(outcome);
          } else {
            check.that(((Number) value).intValue()).isEqualTo(component.getValue());
          }
        }
      }
    }
  }

  private static void checkInvalid(List<Workflow> workflows) {
    JavaFileObject[] sources = workflows.stream().map(Workflow::source).toArray(JavaFileObject[]::new);
    Compilation compilation = javac()
        .withOptions("-Xmaxerrs", String.valueOf(10 * workflows.size())) // javac shows 100 by default
        .withProcessors(new ErrandsProcessor())
        .compile(sources);
    Map<String, List<Diagnostic<? extends JavaFileObject>>> errors = new HashMap<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertWithMessage("seed %s: %s", SEED, diagnostic)
          .that(diagnostic.getMessage(null)).doesNotContain("bug in the Errands processor");
      assertWithMessage("seed %s: %s", SEED, diagnostic).that(diagnostic.getKind()).isEqualTo(Diagnostic.Kind.ERROR);
      String file = diagnostic.getSource().getName();
      String name = file.substring(file.lastIndexOf('/') + 1, file.length() - ".java".length());
      errors.computeIfAbsent(name, n -> new ArrayList<>()).add(diagnostic);
    }
    for (Workflow workflow : workflows) {
      List<Diagnostic<? extends JavaFileObject>> found = errors.getOrDefault(workflow.name, List.of());
      assertWithMessage("seed %s, errors %s of\n%s", SEED, found, workflow.text).that(found).hasSize(1);
      Diagnostic<? extends JavaFileObject> error = found.get(0);
      assertWithMessage("seed %s, error of\n%s", SEED, workflow.text)
          .that(error.getMessage(null)).contains(workflow.expectedError);
      assertWithMessage("seed %s, line of %s in\n%s", SEED, error.getMessage(null), workflow.text)
          .that(error.getLineNumber()).isEqualTo(workflow.expectedLine);
    }
    assertWithMessage("seed %s", SEED).that(errors.keySet().size()).isEqualTo(workflows.size());
  }

  // ---------------------------------------------------------------------------------------------

  /** A parameter: a dependency's result (of one of the parameter types) or an {@code int} input. */
  private record Parameter(String name, String type, boolean input) {
    /** How the body adds it to an {@code int}. */
    String term() {
      return switch (type) {
        case "long" -> "(int) " + name;
        case "Number" -> name + ".intValue()";
        case "Outcome<Integer>" -> name + ".orElse(0)";
        case "String" -> name + ".length()";
        default -> name;
      };
    }
  }

  /** A step or a race: what others wait for. */
  private static final class Node {
    final String name;
    final boolean race;
    /** int, Integer, async (CompletableFuture<Integer>) or void. */
    final String returns;
    final int constant;
    final List<String> after = new ArrayList<>();
    final List<Parameter> parameters = new ArrayList<>();
    boolean parallel;
    boolean timeout;
    /** @Retry(attempts = 2): its first attempt always fails with an IOException. */
    boolean retry;
    /** Every step that takes its result takes it as an Outcome, so its failure is tolerated. */
    boolean tolerated;
    /** A tolerated step that throws: its receivers see Outcome.Failure. */
    boolean fails;
    String wins = "FIRST_TO_SETTLE";

    Node(String name, boolean race, String returns, int constant) {
      this.name = name;
      this.race = race;
      this.returns = returns;
      this.constant = constant;
    }

    boolean isVoid() {
      return returns.equals("void");
    }

    /** The methods: the step's, or the race's two racers. */
    List<String> methods() {
      return race ? List.of(name + "A", name + "B") : List.of(name);
    }
  }

  private static final class Workflow {
    final String name;
    /** In source order. */
    final List<Node> nodes = new ArrayList<>();
    String text;
    /** Line of each after entry and parameter of each method: "method after x", "method param x". */
    final Map<String, Integer> lines = new HashMap<>();
    String expectedError;
    int expectedLine;

    Workflow(String name) {
      this.name = name;
    }

    static Workflow random(String name, Random random) {
      Workflow workflow = new Workflow(name);
      int size = 2 + random.nextInt(9);
      List<Node> byRank = new ArrayList<>();
      for (int rank = 0; rank < size; rank++) {
        boolean race = random.nextInt(7) == 0;
        String returns = race
            ? List.of("int", "async", "int", "void").get(random.nextInt(4))
            : List.of("int", "int", "Integer", "async", "async", "void").get(random.nextInt(6));
        Node node = new Node((race ? "race" : "step") + rank, race, returns, 1 + random.nextInt(100));
        node.retry = !race && random.nextInt(6) == 0;
        node.tolerated = !race && !node.isVoid() && random.nextInt(6) == 0;
        List<Parameter> parameters = new ArrayList<>();
        for (Node earlier : byRank) {
          if (node.after.size() < 4 && random.nextInt(10) < 3) {
            node.after.add(earlier.name);
            if (!earlier.isVoid() && random.nextInt(4) > 0) {
              parameters.add(new Parameter(earlier.name,
                  earlier.tolerated ? "Outcome<Integer>" : PARAMETER_TYPES.get(random.nextInt(PARAMETER_TYPES.size())),
                  false));
            }
          }
        }
        for (int input = 0; input < 4; input++) {
          if (random.nextInt(5) == 0) {
            parameters.add(new Parameter("in" + input, "int", true));
          }
        }
        Collections.shuffle(node.after, random);
        Collections.shuffle(parameters, random);
        node.parameters.addAll(parameters);
        node.parallel = !race && node.after.isEmpty() && random.nextBoolean();
        node.timeout = random.nextInt(10) == 0;
        node.wins = random.nextBoolean() ? "FIRST_TO_SETTLE" : "FIRST_TO_SUCCEED";
        byRank.add(node);
      }
      for (Node node : byRank) { // tolerated only where some step takes it as an Outcome
        node.tolerated &= byRank.stream()
            .anyMatch(n -> n.parameters.stream().anyMatch(p -> p.name().equals(node.name)));
        node.fails = node.tolerated && random.nextBoolean();
      }
      workflow.nodes.addAll(byRank);
      Collections.shuffle(workflow.nodes, random);
      workflow.render();
      return workflow;
    }

    Node node(String name) {
      return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    /** The inputs of run, in order of first appearance. */
    Set<String> inputs() {
      Set<String> inputs = new LinkedHashSet<>();
      for (Node node : nodes) { // racers of one race have the same parameters
        node.parameters.stream().filter(Parameter::input).forEach(p -> inputs.add(p.name()));
      }
      return inputs;
    }

    /**
     * What Result should hold: each non-void step or race, by a plain recursive evaluation; a
     * tolerated step's component is its Outcome ({@code null} here standing for a failure).
     */
    Map<String, Object> evaluate(Map<String, Integer> inputs) {
      Map<String, Integer> values = new HashMap<>();
      Map<String, Object> result = new LinkedHashMap<>();
      for (Node node : nodes) {
        int value = value(node, inputs, values);
        if (!node.isVoid()) {
          result.put(node.name, !node.tolerated ? value : node.fails ? null : Outcome.success(value));
        }
      }
      return result;
    }

    private int value(Node node, Map<String, Integer> inputs, Map<String, Integer> values) {
      Integer known = values.get(node.name);
      if (known != null) {
        return known;
      }
      int value = node.constant;
      for (Parameter parameter : node.parameters) {
        if (parameter.input()) {
          value += inputs.get(parameter.name());
        } else {
          Node dependency = node(parameter.name());
          int received = value(dependency, inputs, values);
          value += dependency.fails ? 0 : received; // Outcome.orElse(0) of a failure
        }
      }
      values.put(node.name, value);
      return value;
    }

    /**
     * Gives the workflow exactly one error, and says which and where. Returns false when this
     * workflow offers no place for the kind of error drawn.
     */
    boolean breakIt(Random random) {
      List<Node> steps = nodes.stream().filter(n -> !n.race).toList();
      if (steps.isEmpty()) {
        return false;
      }
      Node step = steps.get(random.nextInt(steps.size()));
      switch (random.nextInt(4)) {
        case 0 -> { // an after entry that names nothing
          String unknown = "missing" + random.nextInt(100);
          step.after.add(random.nextInt(step.after.size() + 1), unknown);
          step.parallel = false;
          render();
          expectedError = "Step '" + step.name + "' waits for '" + unknown + "', but there is no step or race named";
          expectedLine = lines.get(step.name + " after " + unknown);
        }
        case 1 -> { // a parameter whose type cannot hold the result it receives
          List<Parameter> bound = step.parameters.stream()
              .filter(p -> !p.input() && !p.type().startsWith("Outcome"))
              .toList();
          if (bound.isEmpty()) {
            return false;
          }
          Parameter parameter = bound.get(random.nextInt(bound.size()));
          step.parameters.set(step.parameters.indexOf(parameter), new Parameter(parameter.name(), "String", false));
          render();
          expectedError = "Parameter '" + parameter.name() + "' of step '" + step.name + "' has type"
              + " java.lang.String, which cannot hold the result of '" + parameter.name() + "'";
          expectedLine = lines.get(step.name + " param " + parameter.name());
        }
        case 2 -> { // a parameter named like a step or race that is not in after
          List<Node> others = nodes.stream()
              .filter(n -> n != step && !step.after.contains(n.name)
                  && step.parameters.stream().noneMatch(p -> p.name().equals(n.name)))
              .toList();
          if (others.isEmpty()) {
            return false;
          }
          Node other = others.get(random.nextInt(others.size()));
          step.parameters.add(random.nextInt(step.parameters.size() + 1), new Parameter(other.name, "int", true));
          render();
          expectedError = "Parameter '" + other.name + "' of step '" + step.name + "' is named like the "
              + (other.race ? "race" : "step") + " '" + other.name + "', but '" + other.name + "' is not in the"
              + " step's after";
          expectedLine = lines.get(step.name + " param " + other.name);
        }
        default -> { // a cycle: the step waits for something that waits for it, along one path only
          List<Node> waiters = nodes.stream().filter(n -> n != step && paths(n, step) == 1).toList();
          if (waiters.isEmpty()) {
            return false;
          }
          Node waiter = waiters.get(random.nextInt(waiters.size()));
          step.after.add(random.nextInt(step.after.size() + 1), waiter.name);
          step.parallel = false;
          render();
          // The cycle: step -> waiter -> ... -> step; reported at its first node in source order,
          // on the entry naming its successor in the cycle.
          List<Node> cycle = new ArrayList<>(List.of(step));
          for (Node at = waiter; at != step; at = nextOnPathTo(at, step)) {
            cycle.add(at);
          }
          Node start = nodes.stream().filter(cycle::contains).findFirst().orElseThrow();
          Node next = cycle.get((cycle.indexOf(start) + 1) % cycle.size());
          List<String> path = new ArrayList<>();
          for (int i = 0; i <= cycle.size(); i++) {
            path.add(cycle.get((cycle.indexOf(start) + i) % cycle.size()).name);
          }
          expectedError = "cycle, so none of them can ever start: " + String.join(" -> ", path);
          expectedLine = lines.get(start.methods().get(0) + " after " + next.name);
        }
      }
      return true;
    }

    /** How many paths lead from {@code from} to {@code to} along after entries. */
    private int paths(Node from, Node to) {
      if (from == to) {
        return 1;
      }
      int paths = 0;
      for (String dependency : from.after) {
        if (!dependency.startsWith("missing")) {
          paths += paths(node(dependency), to);
        }
      }
      return paths;
    }

    private Node nextOnPathTo(Node from, Node to) {
      return from.after.stream().map(this::node).filter(n -> paths(n, to) > 0).findFirst().orElseThrow();
    }

    JavaFileObject source() {
      return JavaFileObjects.forSourceString("com.acme." + name, text);
    }

    /** Writes the class, one after entry and one parameter a line, and notes their lines. */
    void render() {
      lines.clear();
      List<String> out = new ArrayList<>(List.of(
          "package com.acme;", "", "import dev.errands.*;", "import dev.errands.runtime.*;",
          "import java.util.concurrent.*;", "",
          "class " + name + " {"));
      for (Node node : nodes) {
        for (String method : node.methods()) {
          out.add("");
          String annotation;
          if (node.race) {
            annotation = "    @Race(value = \"" + node.name + "\", wins = Race.Wins." + node.wins + ", after = {";
          } else if (node.parallel) {
            annotation = "    @Parallel";
          } else {
            annotation = "    @Sequential(after = {";
          }
          if (node.parallel) {
            out.add(annotation);
          } else if (node.after.isEmpty()) {
            out.add(annotation + "})");
          } else {
            out.add(annotation);
            for (int i = 0; i < node.after.size(); i++) {
              String entry = node.after.get(i);
              lines.put(method + " after " + entry, out.size() + 1);
              out.add("        \"" + entry + "\"" + (i == node.after.size() - 1 ? "})" : ","));
            }
          }
          if (node.timeout) {
            out.add("    @Timeout(60)");
          }
          if (node.retry) {
            out.add("    @Retry(attempts = 2, on = java.io.IOException.class)");
          }
          String returns = node.returns.equals("async") ? "CompletableFuture<Integer>" : node.returns;
          String close = node.retry ? ", StepContext context) throws java.io.IOException {" : ") {";
          if (node.parameters.isEmpty()) {
            out.add("    " + returns + " " + method + "(" + (node.retry ? close.substring(2) : close));
          } else {
            out.add("    " + returns + " " + method + "(");
            for (int i = 0; i < node.parameters.size(); i++) {
              Parameter parameter = node.parameters.get(i);
              lines.put(method + " param " + parameter.name(), out.size() + 1);
              out.add("            " + parameter.type() + " " + parameter.name()
                  + (i == node.parameters.size() - 1 ? close : ","));
            }
          }
          if (node.retry) {
            out.add("        if (context.attempt() == 1) throw new java.io.IOException(\"flaky\");");
          }
          if (node.fails) {
            out.add("        if (" + node.constant + " > 0) throw new IllegalStateException(\"tolerated\");");
          }
          StringBuilder sum = new StringBuilder().append(node.constant);
          node.parameters.forEach(p -> sum.append(" + ").append(p.term()));
          out.add(switch (node.returns) {
            case "void" -> "        int ignored = " + sum + ";";
            case "async" -> node.constant % 2 == 0
                ? "        return CompletableFuture.completedFuture(" + sum + ");"
                : "        return CompletableFuture.supplyAsync(() -> " + sum + ");";
            default -> "        return " + sum + ";";
          });
          out.add("    }");
        }
      }
      out.add("}");
      text = String.join("\n", out) + "\n";
    }
  }
}
