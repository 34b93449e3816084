package dev.errands.processor.generate;

import static dev.errands.processor.generate.RuntimeTypes.WORKFLOW;
import static dev.errands.processor.generate.RuntimeTypes.WINS;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * The orchestrator's {@code WORKFLOW}: the workflow declared on the runtime's {@code
 * Workflow.Builder}, one call per step, race and racer in source order, each step with what it
 * waits for and how its method is called, and last how the {@code Result} is built.
 */
final class WorkflowDeclaration {
  private static final ClassName TIME_UNIT = ClassName.get("java.util.concurrent", "TimeUnit");

  /**
   * Past this many steps, the declaration is written as statements in a method, not as one chain
   * of calls: javac's stack overflows on a chain of several hundred lambdas.
   */
  static final int CHAIN_LIMIT = 100;

  private final WorkflowModel model;
  private final NodeGraph graph;
  private final IndexConstants constants;
  private final Map<String, TypeMirror> inputTypes = new HashMap<>();

  WorkflowDeclaration(WorkflowModel model, IndexConstants constants) {
    this.model = model;
    this.graph = model.graph();
    this.constants = constants;
    model.inputs().forEach(input -> inputTypes.put(input.name(), input.type()));
  }

  /** Adds the {@code WORKFLOW} field and, for a workflow too large for one chain, the method that declares it. */
  void addTo(TypeSpec.Builder type, TypeName workflowType) {
    boolean large = model.steps().size() > CHAIN_LIMIT;
    FieldSpec.Builder field = FieldSpec.builder(workflowType, "WORKFLOW", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The workflow: each step, what it waits for, and how its method is called.\n")
        .initializer(large ? CodeBlock.of("declare()") : chain());
    if (large) {
      type.addMethod(declareMethod(workflowType));
    } else if (needsUncheckedCast()) {
      field.addAnnotation(uncheckedAnnotation());
    }
    type.addField(field.build());
  }

  /** One call on the workflow's builder, with the comment that goes before it, if any. */
  private record Call(String comment, CodeBlock code) {}

  private List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    calls.add(types());
    calls.addAll(takes());
    model.timeout().ifPresent(t -> calls.add(
        new Call(null, CodeBlock.of("timeout($L, $T.$L)", longLiteral(t.value()), TIME_UNIT, t.unit().name()))));
    // In source order: a race where its first racer stands, each racer where it stands.
    for (StepModel task : model.steps()) {
      Node node = graph.nodeOf(task);
      if (!node.isRace()) {
        calls.add(new Call(null, CodeBlock.of("step($S, $L,$W$L)", task.name(), options(node, task), body(task))));
        continue;
      }
      if (node.first() == task) {
        String comment = "race " + node.name() + ": "
            + (node.isHedged()
                ? "racers start " + node.hedge().describe() + " apart in source order while it is undecided"
                    + (node.isFirstToSucceed() ? ", the next at once when every racer started so far has failed" : "") + "; "
                : "")
            + (node.isFirstToSucceed()
                ? "the first racer to return wins, failures are waited out"
                : "the first racer to return or throw decides")
            + "; then the others are interrupted";
        calls.add(new Call(comment, CodeBlock.of("race($S, $T.$L, $L)", node.name(), WINS, node.wins(), raceOptions(node))));
      }
      if (task.timeout().isEmpty() && task.retry().isEmpty() && !task.async()) {
        calls.add(new Call(null, CodeBlock.of("racer($L, $S,$W$L)", constants.of(node), task.name(), body(task))));
      } else {
        calls.add(new Call(null, CodeBlock.of("racer($L, $S, $L,$W$L)",
            constants.of(node), task.name(), options(node, task), body(task))));
      }
    }
    return calls;
  }

  /**
   * {@code types(…)}: the types of the inputs, then what each step and racer produces, as source
   * text. They run nothing; they identify the declaration, so that a durable engine tells two
   * versions of it apart.
   */
  private Call types() {
    List<CodeBlock> types = new ArrayList<>();
    model.inputs().forEach(input -> types.add(CodeBlock.of("$S", input.type().toString())));
    model.steps().forEach(step -> types.add(CodeBlock.of("$S", step.resultType().toString())));
    return new Call("the types of the inputs, then of the steps and racers, in source order",
        CodeBlock.of("types($L)", CodeBlock.join(types, ",$W")));
  }

  /**
   * {@code takes("posts", new int[] {USER_ID}, new int[] {USER})}, one per step and racer in source
   * order: the inputs, then the results, its parameters take (not its context, nor an {@code @Each}
   * element). They run nothing; an engine that sends each step its arguments (errands-temporal)
   * sends only these, not every input nor the results of {@code after} entries kept for order.
   */
  private List<Call> takes() {
    List<Call> calls = new ArrayList<>();
    for (StepModel task : model.steps()) {
      List<String> inputs = new ArrayList<>();
      List<String> results = new ArrayList<>();
      for (ParameterModel parameter : task.parameters()) {
        if (parameter.isContext() || parameter.isEach()) {
          continue;
        }
        if (parameter.receivesOutcome() || task.waitsFor(parameter.name())) {
          results.add(constants.node(parameter.name()));
        } else {
          inputs.add(constants.input(parameter.name()));
        }
      }
      calls.add(new Call(calls.isEmpty()
              ? "what each step's parameters take (inputs, then results): a step run on Temporal is sent only these"
              : null,
          CodeBlock.of("takes($S, $L, $L)", task.name(), intArray(inputs), intArray(results))));
    }
    return calls;
  }

  private static CodeBlock intArray(List<String> constants) {
    return constants.isEmpty() ? CodeBlock.of("new int[] {}") : CodeBlock.of("new int[] {$L}", String.join(", ", constants));
  }

  private CodeBlock builderCall() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("$T.<$T>builder($S", WORKFLOW, model.serviceName(), model.qualifiedName());
    for (InputModel input : model.inputs()) {
      code.add(", $S", input.name());
    }
    return code.add(")").build();
  }

  /** {@code Workflow.<S>builder(…).step(…)…build(…)}: the declaration as one chain. */
  private CodeBlock chain() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("$L\n$>$>", builderCall());
    for (Call call : calls()) {
      if (call.comment() != null) {
        code.add("// $L\n", call.comment());
      }
      code.add(".$L\n", call.code());
    }
    code.add(".build($L)$<$<", resultFactory());
    return code.build();
  }

  /** The declaration as statements, for a workflow too large for one chain. */
  private MethodSpec declareMethod(TypeName workflowType) {
    TypeName builderType = ParameterizedTypeName.get(WORKFLOW.nestedClass("Builder"), model.serviceName());
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("$T builder = $L", builderType, builderCall());
    for (Call call : calls()) {
      if (call.comment() != null) {
        body.add("// $L\n", call.comment());
      }
      body.addStatement("builder.$L", call.code());
    }
    body.addStatement("return builder.build($L)", resultFactory());
    MethodSpec.Builder method = MethodSpec.methodBuilder("declare")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(workflowType)
        .addJavadoc("Declares the workflow, one statement per step: a chain of $L calls would overflow javac's stack.\n",
            model.steps().size())
        .addCode(body.build());
    if (needsUncheckedCast()) {
      method.addAnnotation(uncheckedAnnotation());
    }
    return method.build();
  }

  private static AnnotationSpec uncheckedAnnotation() {
    return AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build();
  }

  private CodeBlock afterCall(Node node) {
    return CodeBlock.of("after($L)", graph.after(node).stream().map(constants::of).collect(Collectors.joining(", ")));
  }

  /** {@code after(ADDRESS).hedge(20, TimeUnit.MILLISECONDS).tolerated()}: what a race waits for, its hedge, whether it is tolerated. */
  private CodeBlock raceOptions(Node node) {
    CodeBlock.Builder options = CodeBlock.builder().add("$L", afterCall(node));
    if (node.isHedged()) {
      options.add(".hedge($L, $T.$L)", longLiteral(node.hedge().after()), TIME_UNIT, node.hedge().unit().name());
    }
    if (node.isTolerated()) {
      options.add(".tolerated()");
    }
    return options.build();
  }

  /**
   * {@code after(POSTS).eachOf(POSTS).limit(8).timeout(2, TimeUnit.SECONDS).retry(...).async()}; a
   * racer's start with {@code after()}, as its race waits for what it waits for, and a race is
   * tolerated as a whole.
   */
  private CodeBlock options(Node node, StepModel task) {
    List<CodeBlock> calls = new ArrayList<>();
    calls.add(node.isRace() ? CodeBlock.of("after()") : afterCall(node));
    task.each().ifPresent(each -> {
      calls.add(task.waitsFor(each.name())
          ? CodeBlock.of(".eachOf($L)", constants.node(each.name()))
          : CodeBlock.of(".eachOfInput($L)", constants.input(each.name())));
      int limit = each.each().orElseThrow().limit();
      if (limit > 0) {
        calls.add(CodeBlock.of(".limit($L)", limit));
      }
    });
    task.timeout().ifPresent(t ->
        calls.add(CodeBlock.of(".timeout($L, $T.$L)", longLiteral(t.value()), TIME_UNIT, t.unit().name())));
    task.retry().ifPresent(r -> {
      CodeBlock.Builder retry = CodeBlock.builder().add(".retry($L, $L, $T.$L, $L",
          r.attempts(), longLiteral(r.delay()), TIME_UNIT, r.unit().name(), doubleLiteral(r.multiplier()));
      r.on().forEach(type -> retry.add(", $T.class", TypeName.get(type)));
      calls.add(retry.add(")").build());
    });
    if (task.async()) {
      calls.add(CodeBlock.of(".async()"));
    }
    if (!node.isRace() && node.isTolerated()) {
      calls.add(CodeBlock.of(".tolerated()"));
    }
    // A long chain may wrap before a call; a short one reads best on one line.
    return CodeBlock.join(calls, calls.size() > 4 ? "$Z" : "");
  }

  /** {@code 100}, or {@code 10000000000L} where an int cannot hold it. */
  private static String longLiteral(long value) {
    return value == (int) value ? Long.toString(value) : value + "L";
  }

  /** {@code 2.0}, {@code 1.5}. */
  static String doubleLiteral(double value) {
    return Double.isInfinite(value) ? "Double.POSITIVE_INFINITY" : Double.toString(value);
  }

  /**
   * {@code (service, in) -> service.posts((User) in.result(USER))}: each parameter gets its
   * context, element, outcome, result or input.
   */
  private CodeBlock body(StepModel task) {
    CodeBlock.Builder call = CodeBlock.builder().add("service.$L($>$>", task.name());
    boolean first = true;
    for (ParameterModel parameter : task.parameters()) {
      call.add(first ? "" : ",$W");
      first = false;
      if (parameter.isContext()) {
        call.add("in.context()");
      } else if (parameter.isEach()) {
        call.add("$L", cast(TypeName.get(parameter.type()), "in.element()"));
      } else if (parameter.receivesOutcome()) {
        String outcome = "in.outcome(" + constants.node(parameter.name()) + ")";
        // in.outcome returns an Outcome<?>: no cast for an Outcome<?> or a raw Outcome.
        boolean anyOutcome = parameter.outcomeArgument()
            .map(argument -> argument instanceof WildcardType wildcard
                && wildcard.getExtendsBound() == null && wildcard.getSuperBound() == null)
            .orElse(true);
        call.add("$L", anyOutcome ? CodeBlock.of("$L", outcome) : cast(TypeName.get(parameter.type()), outcome));
      } else if (task.waitsFor(parameter.name())) {
        Node node = graph.node(parameter.name()).orElseThrow();
        call.add("$L", cast(TypeName.get(node.valueType()), "in.result(" + constants.of(node) + ")"));
      } else {
        String input = "in.input(" + constants.input(parameter.name()) + ")";
        call.add("$L", cast(TypeName.get(inputTypes.get(parameter.name())), input));
      }
    }
    call.add(")$<$<");
    if (task.method().getReturnType().getKind() == TypeKind.VOID) {
      return CodeBlock.of("(service, in) -> {\n$>$L;\nreturn null;\n$<}", call.build());
    }
    return CodeBlock.of("(service, in) -> $L", call.build());
  }

  private static CodeBlock cast(TypeName type, String expression) {
    return CodeBlock.of("($T) $L", type, expression);
  }

  private CodeBlock resultFactory() {
    List<CodeBlock> components = new ArrayList<>();
    for (ResultRecord.Component component : ResultRecord.components(graph)) {
      components.add(cast(component.type(), "in.result(" + constants.of(component.node()) + ")"));
    }
    if (components.isEmpty()) {
      return CodeBlock.of("in -> new Result()");
    }
    return CodeBlock.of("in -> new Result(\n$>$>$L)$<$<", CodeBlock.join(components, ",\n"));
  }

  /** Whether a cast to a generic type is generated: results, inputs, elements, outcomes. */
  private boolean needsUncheckedCast() {
    for (Node node : graph.nodes()) {
      if (isGeneric(node.valueType()) || (!node.isVoid() && node.isTolerated())) {
        return true; // a List of an @Each step; an Outcome in the Result
      }
      for (StepModel task : node.tasks()) {
        for (ParameterModel parameter : task.parameters()) {
          if (isGeneric(parameter.type()) || isGeneric(parameter.inputType())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isGeneric(TypeMirror type) {
    return TypeName.get(type) instanceof ParameterizedTypeName
        || type.getKind() == TypeKind.TYPEVAR
        || (type.getKind() == TypeKind.ARRAY && isGeneric(((ArrayType) type).getComponentType()));
  }
}
