package dev.errands.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.RetryModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Stage three: writes the orchestrator of a valid {@link WorkflowModel}. The orchestrator only
 * <em>declares</em> the workflow (each step, what it waits for, how its method is called, and the
 * {@code Result} record); the runtime's {@code Workflow} runs it.
 */
public final class OrchestratorGenerator {
  private static final String RUNTIME = "dev.errands.runtime";
  private static final ClassName WORKFLOW = ClassName.get(RUNTIME, "Workflow");
  private static final ClassName STEP_OPTIONS = ClassName.get(RUNTIME, "StepOptions");
  private static final ClassName RUN_OPTIONS = ClassName.get(RUNTIME, "RunOptions");
  private static final ClassName WINS = ClassName.get(RUNTIME, "Wins");
  private static final ClassName OUTCOME = ClassName.get(RUNTIME, "Outcome");
  private static final ClassName FAILED = ClassName.get(RUNTIME, "WorkflowFailedException");
  private static final ClassName TIME_UNIT = ClassName.get("java.util.concurrent", "TimeUnit");
  private static final ClassName GENERATED = ClassName.bestGuess(GeneratedAnnotation.NAME);

  private final String processorName;
  private final Elements elements;

  public OrchestratorGenerator(String processorName, Elements elements) {
    this.processorName = processorName;
    this.elements = elements;
  }

  public JavaFile generate(WorkflowModel model) {
    ClassName orchestrator = model.orchestratorName();
    ClassName result = orchestrator.nestedClass("Result");
    Constants constants = new Constants(model);
    TypeName workflowType = ParameterizedTypeName.get(WORKFLOW, model.serviceName(), result);

    TypeSpec.Builder type = TypeSpec.classBuilder(orchestrator)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.service())
        .addJavadoc(classJavadoc(model));
    if (GeneratedAnnotation.visibleFrom(elements, model.service())) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", processorName).build());
    }

    constants.nodes.forEach((name, constant) -> type.addField(constant(constant, constants.index(name))));
    constants.inputs.forEach((name, constant) -> type.addField(constant(constant, constants.inputIndex(name))));

    boolean large = model.steps().size() > CHAIN_LIMIT;
    FieldSpec.Builder workflowField = FieldSpec.builder(workflowType, "WORKFLOW", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The workflow: each step, what it waits for, and how its method is called.\n")
        .initializer(large ? CodeBlock.of("declare()") : workflowDeclaration(model, constants));
    if (large) {
      type.addMethod(declareMethod(model, constants, workflowType));
    } else if (needsUncheckedCast(model)) {
      workflowField.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    type.addField(workflowField.build());
    type.addField(FieldSpec.builder(model.serviceName(), "service", Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(RUN_OPTIONS, "options", Modifier.PRIVATE, Modifier.FINAL).build());

    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the steps of {@code service}, each on a virtual thread of its own.\n")
        .addParameter(model.serviceName(), "service")
        .addStatement("this(service, $T.defaults())", RUN_OPTIONS)
        .build());
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the steps of {@code service} on {@code executor}, which it never shuts down.\n")
        .addParameter(model.serviceName(), "service")
        .addParameter(Executor.class, "executor")
        .addStatement("this(service, $T.of(executor))", RUN_OPTIONS)
        .build());
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the steps of {@code service} as {@code options} say.\n")
        .addParameter(model.serviceName(), "service")
        .addParameter(RUN_OPTIONS, "options")
        .addStatement("this.service = $T.requireNonNull(service, $S)", Objects.class, "service")
        .addStatement("this.options = $T.requireNonNull(options, $S)", Objects.class, "options")
        .build());

    type.addMethod(runMethod(model, result));
    type.addMethod(runAsyncMethod(model, result));
    type.addMethod(MethodSpec.methodBuilder("workflow")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(workflowType)
        .addJavadoc("The declaration this orchestrator runs, for engines other than the in-process one: {@code\n"
            + "errands-temporal} runs the same workflow, durably, on Temporal.\n")
        .addStatement("return WORKFLOW")
        .build());
    type.addType(resultRecord(model));

    return JavaFile.builder(orchestrator.packageName(), type.build())
        .addStaticImport(STEP_OPTIONS, "after")
        .skipJavaLangImports(true)
        .indent("    ")
        .build();
  }

  private static FieldSpec constant(String name, int value) {
    return FieldSpec.builder(int.class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", value)
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // The workflow declaration

  /**
   * Past this many steps, the declaration is written as statements in a method, not as one chain
   * of calls: javac's stack overflows on a chain of several hundred lambdas.
   */
  static final int CHAIN_LIMIT = 100;

  /** One call on the workflow's builder, with the comment that goes before it, if any. */
  private record Call(String comment, CodeBlock code) {}

  private List<Call> declarationCalls(WorkflowModel model, Constants constants) {
    List<Call> calls = new ArrayList<>();
    model.timeout().ifPresent(t -> calls.add(
        new Call(null, CodeBlock.of("timeout($L, $T.$L)", longLiteral(t.value()), TIME_UNIT, t.unit().name()))));
    for (StepModel step : model.steps()) {
      if (!step.isRacer()) {
        calls.add(new Call(null, CodeBlock.of("step($S, $L,$W$L)", step.name(), options(model, step, constants), body(step, constants))));
        continue;
      }
      RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
      if (race.first() == step) {
        String comment = "race " + race.name() + ": "
            + (step.wins().orElseThrow().equals("FIRST_TO_SUCCEED")
                ? "the first racer to return wins, failures are waited out"
                : "the first racer to return or throw decides")
            + "; then the others are interrupted";
        CodeBlock raceOptions = model.isTolerated(race.name())
            ? CodeBlock.of("$L.tolerated()", afterCall(step, constants))
            : afterCall(step, constants);
        calls.add(new Call(comment, CodeBlock.of("race($S, $T.$L, $L)", race.name(), WINS, step.wins().orElseThrow(), raceOptions)));
      }
      if (step.timeout().isEmpty() && step.retry().isEmpty() && !step.async()) {
        calls.add(new Call(null, CodeBlock.of("racer($L, $S,$W$L)", constants.nodes.get(race.name()), step.name(), body(step, constants))));
      } else {
        calls.add(new Call(null, CodeBlock.of("racer($L, $S, $L,$W$L)",
            constants.nodes.get(race.name()), step.name(), options(model, step, constants), body(step, constants))));
      }
    }
    return calls;
  }

  private CodeBlock builderCall(WorkflowModel model) {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("$T.<$T>builder($S", WORKFLOW, model.serviceName(), model.qualifiedName());
    for (InputModel input : model.inputs()) {
      code.add(", $S", input.name());
    }
    return code.add(")").build();
  }

  /** {@code Workflow.<S>builder(…).step(…)…build(…)}: the declaration as one chain. */
  private CodeBlock workflowDeclaration(WorkflowModel model, Constants constants) {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("$L\n$>$>", builderCall(model));
    for (Call call : declarationCalls(model, constants)) {
      if (call.comment() != null) {
        code.add("// $L\n", call.comment());
      }
      code.add(".$L\n", call.code());
    }
    code.add(".build($L)$<$<", resultFactory(model, constants));
    return code.build();
  }

  /** The declaration as statements, for a workflow too large for one chain. */
  private MethodSpec declareMethod(WorkflowModel model, Constants constants, TypeName workflowType) {
    TypeName builderType = ParameterizedTypeName.get(WORKFLOW.nestedClass("Builder"), model.serviceName());
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("$T builder = $L", builderType, builderCall(model));
    for (Call call : declarationCalls(model, constants)) {
      if (call.comment() != null) {
        body.add("// $L\n", call.comment());
      }
      body.addStatement("builder.$L", call.code());
    }
    body.addStatement("return builder.build($L)", resultFactory(model, constants));
    MethodSpec.Builder method = MethodSpec.methodBuilder("declare")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(workflowType)
        .addJavadoc("Declares the workflow, one statement per step: a chain of $L calls would overflow javac's stack.\n",
            model.steps().size())
        .addCode(body.build());
    if (needsUncheckedCast(model)) {
      method.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    return method.build();
  }

  private static CodeBlock afterCall(StepModel step, Constants constants) {
    return CodeBlock.of("after($L)", step.after().stream()
        .map(AfterEntry::name)
        .distinct()
        .map(constants.nodes::get)
        .collect(Collectors.joining(", ")));
  }

  /**
   * {@code after(POSTS).eachOf(POSTS).limit(8).timeout(2, TimeUnit.SECONDS).retry(...).async()}; a
   * racer's start with {@code after()}, as its race waits for what it waits for.
   */
  private static CodeBlock options(WorkflowModel model, StepModel step, Constants constants) {
    List<CodeBlock> calls = new ArrayList<>();
    calls.add(step.isRacer() ? CodeBlock.of("after()") : afterCall(step, constants));
    step.each().filter(each -> !step.isRacer()).ifPresent(each -> {
      calls.add(step.waitsFor(each.name())
          ? CodeBlock.of(".eachOf($L)", constants.nodes.get(each.name()))
          : CodeBlock.of(".eachOfInput($L)", constants.inputs.get(each.name())));
      int limit = each.each().orElseThrow().limit();
      if (limit > 0) {
        calls.add(CodeBlock.of(".limit($L)", limit));
      }
    });
    step.timeout().ifPresent(t ->
        calls.add(CodeBlock.of(".timeout($L, $T.$L)", longLiteral(t.value()), TIME_UNIT, t.unit().name())));
    step.retry().ifPresent(r -> {
      CodeBlock.Builder retry = CodeBlock.builder().add(".retry($L, $L, $T.$L, $L",
          r.attempts(), longLiteral(r.delay()), TIME_UNIT, r.unit().name(), doubleLiteral(r.multiplier()));
      r.on().forEach(type -> retry.add(", $T.class", TypeName.get(type)));
      calls.add(retry.add(")").build());
    });
    if (step.async()) {
      calls.add(CodeBlock.of(".async()"));
    }
    if (!step.isRacer() && model.isTolerated(step.name())) {
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
  private static String doubleLiteral(double value) {
    return Double.isInfinite(value) ? "Double.POSITIVE_INFINITY" : Double.toString(value);
  }

  /**
   * {@code (service, in) -> service.posts((User) in.result(USER))}: each parameter gets its
   * context, element, outcome, result or input.
   */
  private static CodeBlock body(StepModel step, Constants constants) {
    CodeBlock.Builder call = CodeBlock.builder().add("service.$L($>$>", step.name());
    boolean first = true;
    for (ParameterModel parameter : step.parameters()) {
      call.add(first ? "" : ",$W");
      first = false;
      if (parameter.isContext()) {
        call.add("in.context()");
      } else if (parameter.isEach()) {
        call.add("$L", cast(TypeName.get(parameter.type()), "in.element()"));
      } else if (parameter.receivesOutcome()) {
        String outcome = "in.outcome(" + constants.nodes.get(parameter.name()) + ")";
        // in.outcome returns an Outcome<?>: no cast for an Outcome<?> or a raw Outcome.
        boolean anyOutcome = parameter.outcomeArgument()
            .map(argument -> argument instanceof WildcardType wildcard
                && wildcard.getExtendsBound() == null && wildcard.getSuperBound() == null)
            .orElse(true);
        call.add("$L", anyOutcome ? CodeBlock.of("$L", outcome) : cast(TypeName.get(parameter.type()), outcome));
      } else if (step.waitsFor(parameter.name())) {
        call.add("$L", cast(constants.valueType(parameter.name()), "in.result(" + constants.nodes.get(parameter.name()) + ")"));
      } else {
        call.add("$L", cast(constants.inputType(parameter.name()), "in.input(" + constants.inputs.get(parameter.name()) + ")"));
      }
    }
    call.add(")$<$<");
    if (step.method().getReturnType().getKind() == TypeKind.VOID) {
      return CodeBlock.of("(service, in) -> {\n$>$L;\nreturn null;\n$<}", call.build());
    }
    return CodeBlock.of("(service, in) -> $L", call.build());
  }

  private static CodeBlock cast(TypeMirror type, String expression) {
    return cast(TypeName.get(type), expression);
  }

  private static CodeBlock cast(TypeName type, String expression) {
    return CodeBlock.of("($T) $L", type, expression);
  }

  private static CodeBlock resultFactory(WorkflowModel model, Constants constants) {
    List<CodeBlock> components = new ArrayList<>();
    for (Component component : components(model)) {
      components.add(cast(component.type(), "in.result(" + constants.nodes.get(component.name()) + ")"));
    }
    if (components.isEmpty()) {
      return CodeBlock.of("in -> new Result()");
    }
    return CodeBlock.of("in -> new Result(\n$>$>$L)$<$<", CodeBlock.join(components, ",\n"));
  }

  /** Whether a cast to a generic type is generated: results, inputs, elements, outcomes. */
  private static boolean needsUncheckedCast(WorkflowModel model) {
    for (StepModel step : model.steps()) {
      if (isGeneric(step.resultType()) || (!step.isVoid() && model.isTolerated(step.nodeName()))) {
        return true; // a List of an @Each step; an Outcome in the Result
      }
      for (ParameterModel parameter : step.parameters()) {
        if (isGeneric(parameter.type()) || isGeneric(parameter.inputType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isGeneric(TypeMirror type) {
    return TypeName.get(type) instanceof ParameterizedTypeName
        || type.getKind() == TypeKind.TYPEVAR
        || (type.getKind() == TypeKind.ARRAY && isGeneric(((javax.lang.model.type.ArrayType) type).getComponentType()));
  }

  // ---------------------------------------------------------------------------------------------
  // run, runAsync and Result

  private MethodSpec runMethod(WorkflowModel model, ClassName result) {
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .addModifiers(Modifier.PUBLIC)
        .returns(result)
        .addException(InterruptedException.class)
        .addJavadoc("Runs the workflow and waits until every step it started has ended.\n\n");
    inputs(model, run);
    run.addJavadoc("@return what the steps returned\n")
        .addJavadoc("@throws $T when a step fails: {@code step()} names it, {@code getCause()} is what it threw;\n"
            + "    the other steps were interrupted and have ended\n", FAILED)
        .addJavadoc("@throws InterruptedException when the calling thread is interrupted; the running steps were\n"
            + "    interrupted and have ended\n")
        .addStatement("return $L.run($L)", workflowField(model), runArguments(model));
    return run.build();
  }

  private MethodSpec runAsyncMethod(WorkflowModel model, ClassName result) {
    MethodSpec.Builder run = MethodSpec.methodBuilder("runAsync")
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(ClassName.get(CompletableFuture.class), result))
        .addJavadoc("Starts the workflow and returns at once.\n\n");
    inputs(model, run);
    run.addJavadoc("@return completes once every step the run started has ended: with what the steps returned,\n"
            + "    or exceptionally with a {@link $T}; cancelling it interrupts the running steps\n", FAILED)
        .addStatement("return $L.runAsync($L)", workflowField(model), runArguments(model));
    return run.build();
  }

  private static void inputs(WorkflowModel model, MethodSpec.Builder method) {
    for (InputModel input : model.inputs()) {
      method.addParameter(ParameterSpec.builder(TypeName.get(input.type()), input.name()).build());
      List<String> users = new ArrayList<>();
      for (StepModel step : model.steps()) {
        step.parameters().stream()
            .filter(p -> p.name().equals(input.name()) && step.isInput(p))
            .findFirst()
            .ifPresent(p -> users.add("{@code " + step.name() + "}" + (p.isEach() ? " (once per element)" : "")));
      }
      method.addJavadoc("@param $L input of $L\n", input.name(), and(users));
    }
  }

  /** {@code WORKFLOW}; qualified where an input of that name shadows it. */
  private static CodeBlock workflowField(WorkflowModel model) {
    boolean shadowed = model.inputs().stream().anyMatch(input -> input.name().equals("WORKFLOW"));
    return shadowed ? CodeBlock.of("$T.WORKFLOW", model.orchestratorName()) : CodeBlock.of("WORKFLOW");
  }

  /** {@code service, options, userId}; qualified where an input shadows a field. */
  private static CodeBlock runArguments(WorkflowModel model) {
    List<String> names = model.inputs().stream().map(InputModel::name).toList();
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(CodeBlock.of(names.contains("service") ? "this.service" : "service"));
    arguments.add(CodeBlock.of(names.contains("options") ? "this.options" : "options"));
    for (InputModel input : model.inputs()) {
      // A single array would be taken as the varargs array itself.
      boolean loneArray = model.inputs().size() == 1 && input.type().getKind() == TypeKind.ARRAY;
      arguments.add(loneArray ? CodeBlock.of("(Object) $L", input.name()) : CodeBlock.of("$L", input.name()));
    }
    return CodeBlock.join(arguments, ", ");
  }

  private static TypeSpec resultRecord(WorkflowModel model) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    List<String> described = new ArrayList<>();
    for (Component component : components(model)) {
      constructor.addParameter(component.type(), component.name());
      described.add("@param " + component.name() + " " + component.description());
    }
    return TypeSpec.recordBuilder("Result")
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc("What a run produced: one component per step or race that returns a value, in source order.\n")
        .addJavadoc(described.isEmpty() ? "" : "\n" + String.join("\n", described).replace("$", "$$") + "\n")
        .build();
  }

  /** A component of the Result record. */
  private record Component(String name, TypeName type, String description) {}

  /**
   * One per step or race that produces a value, in source order: its value, a {@code List} for an
   * {@code @Each} step, an {@code Outcome} for a tolerated one.
   */
  private static List<Component> components(WorkflowModel model) {
    List<Component> components = new ArrayList<>();
    for (StepModel step : model.steps()) {
      if (step.isVoid()) {
        continue;
      }
      if (step.isRacer() && model.race(step.nodeName()).orElseThrow().first() != step) {
        continue;
      }
      String name = "{@code " + step.nodeName() + "}";
      Optional<String> each = step.each().map(p -> ", one per element of {@code " + p.name() + "} in their order");
      TypeName type = TypeName.get(step.resultType());
      String description;
      if (model.isTolerated(step.nodeName())) {
        type = ParameterizedTypeName.get(OUTCOME, type.box());
        description = "the outcome of " + (step.isRacer() ? "race " : "step ") + name + ", which is tolerated: "
            + (step.isRacer() ? "the result of the racer that won" : each.isPresent() ? "the results" + each.get()
                : "its result") + ", or the failure";
      } else {
        description = step.isRacer() ? "the result of the racer that won race " + name
            : each.isPresent() ? "the results of step " + name + each.get()
            : "the result of step " + name;
      }
      components.add(new Component(step.nodeName(), type, description));
    }
    return components;
  }

  // ---------------------------------------------------------------------------------------------
  // Javadoc

  private static CodeBlock classJavadoc(WorkflowModel model) {
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Runs the steps of {@link $T}, each as soon as what it waits for has succeeded$L.\n\n",
        model.serviceName(), model.anyTolerated() ? " (or, where it is tolerated, settled)" : "");
    doc.add("<ul>\n");
    for (StepModel step : model.steps()) {
      if (!step.isRacer()) {
        doc.add("  <li>{@code $L}: $L\n", step.name(), when(model, step));
        continue;
      }
      RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
      if (race.first() == step) {
        doc.add("  <li>race {@code $L}, won by the first racer to $L: $L; $L\n",
            race.name(),
            step.wins().orElseThrow().equals("FIRST_TO_SUCCEED") ? "return" : "return or throw",
            race.racers().stream().map(OrchestratorGenerator::racer).collect(Collectors.joining(", ")),
            when(model, step));
      }
    }
    doc.add("</ul>\n\n");
    doc.add("<p>When a step$L fails, the others are interrupted and the run throws {@link $T}.",
        model.anyTolerated() ? " that is not tolerated" : "", FAILED);
    model.timeout().ifPresent(t -> doc.add(" So does a run that takes longer than $L.", t.describe()));
    doc.add("\n\n");
    doc.add("<pre class=\"mermaid\">{@code\n$L}</pre>\n", MermaidWriter.write(model).replace("$", "$$"));
    return doc.build();
  }

  /**
   * "starts after {@code user}, and once {@code avatar} has settled; runs once per element of
   * {@code posts} (at most 8 at a time); tried up to 3 times; tolerated".
   */
  private static String when(WorkflowModel model, StepModel step) {
    List<String> succeeded = new ArrayList<>();
    List<String> settled = new ArrayList<>();
    step.after().stream().map(AfterEntry::name).distinct()
        .forEach(name -> (model.isTolerated(name) ? settled : succeeded).add("{@code " + name + "}"));
    String when = "starts at once";
    if (!succeeded.isEmpty()) {
      when = "starts after " + and(succeeded) + (settled.isEmpty() ? "" : ", and once " + and(settled)
          + (settled.size() == 1 ? " has" : " have") + " settled");
    } else if (!settled.isEmpty()) {
      when = "starts once " + and(settled) + (settled.size() == 1 ? " has" : " have") + " settled";
    }
    if (!step.isRacer() && step.each().isPresent()) {
      ParameterModel each = step.each().get();
      int limit = each.each().orElseThrow().limit();
      when += "; runs once per element of " + (step.waitsFor(each.name()) ? "" : "input ") + "{@code " + each.name()
          + "}" + (limit > 0 ? " (at most " + limit + " at a time)" : "");
    }
    if (!step.isRacer()) {
      when += howItRuns(step); // a racer's is in the list of its race
    }
    if (model.isTolerated(step.nodeName())) {
      when += "; tolerated: its failure does not fail the run";
    }
    return when;
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
            + (retry.multiplier() > 1.0 ? ", then " + doubleLiteral(retry.multiplier()) + " times longer each time" : "");
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

  // ---------------------------------------------------------------------------------------------

  /** The index constants of the orchestrator, and the types behind them. */
  private static final class Constants {
    final Map<String, String> nodes = new LinkedHashMap<>();
    final Map<String, String> inputs = new LinkedHashMap<>();
    private final Map<String, Integer> nodeIndex = new LinkedHashMap<>();
    private final Map<String, TypeMirror> nodeTypes = new LinkedHashMap<>();
    private final Map<String, TypeMirror> inputTypes = new LinkedHashMap<>();

    Constants(WorkflowModel model) {
      Identifiers identifiers = new Identifiers("WORKFLOW");
      for (StepModel step : model.steps()) {
        String node = step.isRacer() ? step.race().orElseThrow() : step.name();
        if (!nodes.containsKey(node)) {
          nodeIndex.put(node, nodes.size());
          nodes.put(node, identifiers.constant(node));
          nodeTypes.put(node, step.resultType());
        }
      }
      for (InputModel input : model.inputs()) {
        inputs.put(input.name(), identifiers.constant(input.name()));
        inputTypes.put(input.name(), input.type());
      }
    }

    int index(String node) {
      return nodeIndex.get(node);
    }

    int inputIndex(String input) {
      return new ArrayList<>(inputs.keySet()).indexOf(input);
    }

    TypeMirror valueType(String node) {
      return nodeTypes.get(node);
    }

    TypeMirror inputType(String input) {
      return inputTypes.get(input);
    }
  }
}
