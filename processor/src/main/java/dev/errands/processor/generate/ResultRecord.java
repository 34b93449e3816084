package dev.errands.processor.generate;

import static dev.errands.processor.generate.RuntimeTypes.OUTCOME;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The orchestrator's {@code Result} record: one component per step or race that produces a value,
 * in the order of the nodes: its value, a {@code List} for an {@code @Each} step, an {@code Outcome}
 * for a tolerated one.
 */
final class ResultRecord {

  private ResultRecord() {}

  /** A component of the record: the node it holds, its type, and its Javadoc. */
  record Component(Node node, TypeName type, String description) {}

  static TypeSpec of(NodeGraph graph) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    List<String> described = new ArrayList<>();
    for (Component component : components(graph)) {
      constructor.addParameter(component.type(), component.node().name());
      described.add("@param " + component.node().name() + " " + component.description());
    }
    return TypeSpec.recordBuilder("Result")
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc("What a run produced: one component per step or race that returns a value, in source order.\n")
        .addJavadoc(described.isEmpty() ? "" : "\n" + String.join("\n", described).replace("$", "$$") + "\n")
        .build();
  }

  static List<Component> components(NodeGraph graph) {
    List<Component> components = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (node.isVoid()) {
        continue;
      }
      String name = "{@code " + node.name() + "}";
      Optional<String> each = node.first().each().map(p -> ", one per element of {@code " + p.name() + "} in their order");
      TypeName type = TypeName.get(node.valueType());
      String description;
      if (node.isTolerated()) {
        type = ParameterizedTypeName.get(OUTCOME, type.box());
        description = "the outcome of " + node.kind() + " " + name + ", which is tolerated: "
            + (node.isRace() ? "the result of the racer that won" : each.isPresent() ? "the results" + each.get()
                : "its result") + ", or the failure";
      } else {
        description = node.isRace() ? "the result of the racer that won race " + name
            : each.isPresent() ? "the results of step " + name + each.get()
            : "the result of step " + name;
      }
      components.add(new Component(node, type, description));
    }
    return components;
  }
}
