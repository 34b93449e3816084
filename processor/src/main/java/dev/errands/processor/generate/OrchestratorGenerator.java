package dev.errands.processor.generate;

import static dev.errands.processor.generate.OrchestratorJavadoc.classJavadoc;
import static dev.errands.processor.generate.RuntimeTypes.FAILED;
import static dev.errands.processor.generate.RuntimeTypes.RUN_OPTIONS;
import static dev.errands.processor.generate.RuntimeTypes.STEP_OPTIONS;
import static dev.errands.processor.generate.RuntimeTypes.WORKFLOW;

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
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Stage three: writes the orchestrator of a valid {@link WorkflowModel}. The orchestrator only
 * <em>declares</em> the workflow (each step, what it waits for, how its method is called, and the
 * {@code Result} record); the runtime's {@code Workflow} runs it.
 *
 * <p>This class writes the class itself, its constructors and {@code run}; the declaration is
 * {@link WorkflowDeclaration}'s, the {@code Result} record {@link ResultRecord}'s, the Javadoc
 * {@link OrchestratorJavadoc}'s. Each walks the nodes of the model's graph.
 */
public final class OrchestratorGenerator {
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
    IndexConstants constants = new IndexConstants(model);
    TypeName workflowType = ParameterizedTypeName.get(WORKFLOW, model.serviceName(), result);

    TypeSpec.Builder type = TypeSpec.classBuilder(orchestrator)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.service())
        .addJavadoc(classJavadoc(model));
    if (GeneratedAnnotation.visibleFrom(elements, model.service())) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", processorName).build());
    }

    for (Node node : model.graph().nodes()) {
      type.addField(constant(constants.of(node), node.index()));
    }
    for (int i = 0; i < model.inputs().size(); i++) {
      type.addField(constant(constants.input(model.inputs().get(i).name()), i));
    }
    new WorkflowDeclaration(model, constants).addTo(type, workflowType);
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
    type.addType(ResultRecord.of(model.graph()));

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
  // run and runAsync

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
      method.addJavadoc("@param $L $L\n", input.name(), OrchestratorJavadoc.input(model, input));
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
}
