package dev.errands.processor.generate;

import static dev.errands.processor.generate.RuntimeTypes.FAILED;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RetryModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.type.TypeMirror;

/**
 * The orchestrator's Javadoc, as a user reads it: when each step starts and how it runs, what
 * fails the run, the Mermaid diagram, and what each input of {@code run} feeds.
 */
final class OrchestratorJavadoc {

  private OrchestratorJavadoc() {}

  static CodeBlock classJavadoc(WorkflowModel model) {
    NodeGraph graph = model.graph();
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Runs the steps of {@link $T}, each as soon as what it waits for has succeeded$L.\n\n",
        model.serviceName(), graph.anyTolerated() ? " (or, where it is tolerated, settled)" : "");
    doc.add("<ul>\n");
    for (Node node : graph.nodes()) {
      if (node.isRace()) {
        doc.add("  <li>race {@code $L}, won by the first racer to $L$L: $L; $L\n",
            node.name(),
            node.isFirstToSucceed() ? "return" : "return or throw",
            hedged(node),
            node.tasks().stream().map(OrchestratorJavadoc::racer).collect(Collectors.joining(", ")),
            when(graph, node));
      } else {
        doc.add("  <li>{@code $L}: $L\n", node.name(), when(graph, node));
      }
    }
    doc.add("</ul>\n\n");
    doc.add("<p>When a step$L fails, the others are interrupted and the run throws {@link $T}.",
        graph.anyTolerated() ? " that is not tolerated" : "", FAILED);
    model.timeout().ifPresent(t -> doc.add(" So does a run that takes longer than $L.", t.describe()));
    doc.add("\n\n");
    doc.add("<pre class=\"mermaid\">{@code\n$L}</pre>\n", MermaidWriter.write(model).replace("$", "$$"));
    return doc.build();
  }

  /** "input of {@code user} and {@code posts} (once per element)": what the input {@code input} of {@code run} feeds. */
  static String input(WorkflowModel model, InputModel input) {
    List<String> users = new ArrayList<>();
    for (StepModel step : model.steps()) {
      step.parameters().stream()
          .filter(p -> p.name().equals(input.name()) && step.isInput(p))
          .findFirst()
          .ifPresent(p -> users.add("{@code " + step.name() + "}" + (p.isEach() ? " (once per element)" : "")));
    }
    return "input of " + and(users);
  }

  /**
   * "starts after {@code user}, and once {@code avatar} has settled; runs once per element of
   * {@code posts} (at most 8 at a time); tried up to 3 times; tolerated".
   */
  private static String when(NodeGraph graph, Node node) {
    List<String> succeeded = new ArrayList<>();
    List<String> settled = new ArrayList<>();
    graph.after(node).forEach(before -> (before.isTolerated() ? settled : succeeded).add("{@code " + before.name() + "}"));
    String when = "starts at once";
    if (!succeeded.isEmpty()) {
      when = "starts after " + and(succeeded) + (settled.isEmpty() ? "" : ", and once " + and(settled)
          + (settled.size() == 1 ? " has" : " have") + " settled");
    } else if (!settled.isEmpty()) {
      when = "starts once " + and(settled) + (settled.size() == 1 ? " has" : " have") + " settled";
    }
    StepModel step = node.first();
    if (step.each().isPresent()) {
      ParameterModel each = step.each().get();
      int limit = each.each().orElseThrow().limit();
      when += "; runs once per element of " + (step.waitsFor(each.name()) ? "" : "input ") + "{@code " + each.name()
          + "}" + (limit > 0 ? " (at most " + limit + " at a time)" : "");
    }
    if (!node.isRace()) {
      when += howItRuns(step); // a racer's is in the list of its race
    }
    if (node.isTolerated()) {
      when += "; tolerated: its failure does not fail the run";
    }
    return when;
  }

  /**
   * ", hedged: racers start 20 ms apart in this order while it is undecided", for a hedged race;
   * under {@code FIRST_TO_SUCCEED}, with when a racer starts sooner.
   */
  private static String hedged(Node node) {
    if (!node.isHedged()) {
      return "";
    }
    return ", hedged: racers start " + node.hedge().describe() + " apart in this order while it is undecided"
        + (node.isFirstToSucceed() ? ", the next at once when every racer started so far has failed" : "");
  }

  /** "{@code gravatar} (tried up to 2 times)": a racer in the list of its race. */
  private static String racer(StepModel racer) {
    String more = howItRuns(racer);
    return "{@code " + racer.name() + "}" + (more.isEmpty() ? "" : " (" + more.substring(2) + ")");
  }

  /**
   * "; returns a {@code CompletionStage}; fails when it runs longer than 2 s (each attempt); tried
   * up to 4 times, pausing 100 ms, then 2.0 times longer each time".
   */
  private static String howItRuns(StepModel step) {
    String more = "";
    if (step.async()) {
      more += "; returns a {@code CompletionStage}";
    }
    if (step.timeout().isPresent()) {
      more += "; fails when it runs longer than " + step.timeout().get().describe()
          + (step.retry().isPresent() ? " (each attempt)" : "");
    }
    if (step.retry().isPresent()) {
      RetryModel retry = step.retry().get();
      more += "; tried up to " + retry.attempts() + " times";
      if (retry.delay() > 0) {
        more += ", pausing " + retry.describeDelay()
            + (retry.multiplier() > 1.0
                ? ", then " + WorkflowDeclaration.doubleLiteral(retry.multiplier()) + " times longer each time" : "");
      }
      if (!retry.onAnyException()) {
        more += ", on " + or(retry.on().stream().map(type -> "{@code " + simpleName(type) + "}").toList());
      }
    }
    return more;
  }

  private static String simpleName(TypeMirror type) {
    return TypeName.get(type) instanceof ClassName name ? name.simpleName() : type.toString();
  }

  /** "a", "a and b", "a, b and c". */
  private static String and(List<String> items) {
    return join(items, " and ");
  }

  /** "a", "a or b", "a, b or c". */
  private static String or(List<String> items) {
    return join(items, " or ");
  }

  private static String join(List<String> items, String last) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
  }
}
