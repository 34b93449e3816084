package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.EachModel;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.RetryModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.StrayAnnotation;
import dev.errands.processor.model.TimeoutModel;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.scan.Annotations;
import dev.errands.processor.validate.Graph.Node;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage two: checks a {@link WorkflowModel} and reports every problem, each on the most precise
 * element, going on after each one so that a single build shows them all.
 */
public final class WorkflowValidator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final String processorName;
  private final Map<String, String> written;
  private final Access access;

  /**
   * @param written the orchestrators this processor has written in this build so far, by
   *     qualified name, each to the service class it runs
   */
  public WorkflowValidator(
      Elements elements, Types types, Reporter reporter, String processorName, Map<String, String> written) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.processorName = processorName;
    this.written = written;
    this.access = new Access(elements);
  }

  /** Reports every problem of {@code model}; returns whether it is free of errors. */
  public boolean validate(WorkflowModel model) {
    int errorsBefore = reporter.errors();
    for (StrayAnnotation stray : model.strays()) {
      checkStray(model, stray);
    }
    if (model.steps().isEmpty()) {
      // Not a service class: it was looked at only for a @Timeout.
      model.timeout().ifPresent(t -> reporter.report(
          Message.TIMEOUT_WITHOUT_STEPS, model.service(), t.annotation(), model.service().getQualifiedName()));
      return false;
    }
    Graph graph = new Graph(model);
    checkServiceClass(model);
    model.timeout().ifPresent(t -> checkTimeout(t, model.service(), "the workflow " + model.service().getSimpleName()));
    for (StepModel step : model.steps()) {
      checkMethod(model, step);
    }
    checkDuplicateNames(model);
    checkRaces(model);
    checkAfter(model, graph);
    new DependencyCycleValidator(graph, reporter).validate();
    checkParameters(model, graph);
    new InputNameValidator(graph, reporter).validate(model);
    checkSize(model);
    return reporter.errors() == errorsBefore;
  }

  /** A {@code @Timeout}, {@code @Retry} or {@code @Each} where it has no effect. */
  private void checkStray(WorkflowModel model, StrayAnnotation stray) {
    String name = stray.method().getSimpleName().toString();
    switch (Annotations.nameOf(stray.annotation())) {
      case Annotations.TIMEOUT ->
          reporter.report(Message.TIMEOUT_NOT_ON_STEP, stray.method(), stray.annotation(), name, name);
      case Annotations.RETRY ->
          reporter.report(Message.RETRY_NOT_ON_STEP, stray.method(), stray.annotation(), name, name);
      default -> {
        boolean constructor = stray.method().getKind() == ElementKind.CONSTRUCTOR;
        reporter.report(
            Message.EACH_NOT_ON_STEP, stray.element(), stray.annotation(), stray.element().getSimpleName(),
            constructor ? "the constructor of " + model.service().getSimpleName() : "method '" + name + "'",
            constructor ? "a constructor" : "'" + name + "'");
      }
    }
  }

  private void checkServiceClass(WorkflowModel model) {
    TypeElement service = model.service();
    String orchestrator = model.orchestratorName().simpleName();
    for (Element e = service; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        if (type == service) {
          reporter.report(Message.SERVICE_PRIVATE, service, service.getQualifiedName(), "is private", orchestrator, "it");
        } else {
          reporter.report(
              Message.SERVICE_PRIVATE, service, service.getQualifiedName(),
              "is nested in private class " + type.getQualifiedName(), orchestrator, type.getSimpleName());
        }
        break;
      }
    }
    for (Element e = service; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (!type.getTypeParameters().isEmpty()) {
        String parameters = typeParameters(type.getTypeParameters());
        reporter.report(Message.SERVICE_GENERIC, service, service.getQualifiedName(), type == service
            ? "declares type parameters " + parameters
            : "is an inner class of the generic class " + type.getQualifiedName() + parameters);
        break;
      }
      if (type.getKind() != ElementKind.CLASS || type.getNestingKind() != NestingKind.MEMBER
          || type.getModifiers().contains(Modifier.STATIC)) {
        break; // a static class does not see the type parameters of the classes around it
      }
    }
    String name = model.orchestratorName().canonicalName();
    String other = written.get(name);
    if (other != null && !other.equals(model.qualifiedName())) {
      reporter.report(Message.ORCHESTRATOR_NAME_CLASH, service, service.getQualifiedName(), name, other);
      return;
    }
    TypeElement existing = elements.getTypeElement(name);
    if (existing != null && !generatedByUs(existing)) {
      reporter.report(Message.ORCHESTRATOR_NAME_TAKEN, service, service.getQualifiedName(), name);
    }
  }

  /** A Java method takes at most 255 parameter slots, one of them {@code this}. */
  private static final int MAX_SLOTS = 254;

  /**
   * The Result record's canonical constructor and {@code run} are Java methods: a workflow whose
   * values or inputs need more parameter slots than a method may have cannot be generated.
   */
  private void checkSize(WorkflowModel model) {
    int components = 0;
    int slots = 0;
    java.util.Set<String> counted = new HashSet<>();
    for (StepModel step : model.steps()) {
      if (step.isVoid() || !counted.add(step.nodeName())) {
        continue;
      }
      components++;
      slots += slots(step.resultType());
    }
    if (slots > MAX_SLOTS) {
      reporter.report(Message.RESULT_TOO_LARGE, model.service(), model.service().getQualifiedName(), components, slots);
    }
    int inputSlots = 0;
    for (InputModel input : model.inputs()) {
      inputSlots += slots(input.type());
    }
    if (inputSlots > MAX_SLOTS) {
      reporter.report(Message.INPUTS_TOO_MANY, model.service(), model.service().getQualifiedName(), model.inputs().size(), inputSlots);
    }
  }

  private static int slots(javax.lang.model.type.TypeMirror type) {
    return type.getKind() == javax.lang.model.type.TypeKind.LONG || type.getKind() == javax.lang.model.type.TypeKind.DOUBLE ? 2 : 1;
  }

  /** An orchestrator written by an earlier build is not a name clash. */
  private boolean generatedByUs(TypeElement type) {
    return type.getAnnotationMirrors().stream()
        .filter(m -> ((TypeElement) m.getAnnotationType().asElement())
            .getQualifiedName().contentEquals("javax.annotation.processing.Generated"))
        .anyMatch(m -> m.getElementValues().values().stream()
            .anyMatch(v -> v.toString().contains(processorName)));
  }

  private void checkTimeout(TimeoutModel timeout, Element element, String what) {
    if (timeout.value() <= 0) {
      reporter.report(
          Message.TIMEOUT_NOT_POSITIVE, element, timeout.annotation(), written(timeout.annotation(), "value"),
          what, timeout.value());
    }
  }

  private void checkMethod(WorkflowModel model, StepModel step) {
    ExecutableElement method = step.method();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.STEP_PRIVATE, method, step.name());
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(Message.STEP_STATIC, method, step.name());
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.report(Message.STEP_GENERIC, method, step.name(), typeParameters(method.getTypeParameters()));
    }
    for (var other : step.otherStepAnnotations()) {
      reporter.report(
          Message.STEP_TWO_ANNOTATIONS, method, other, step.name(), step.kind().annotation(),
          "@" + other.getAnnotationType().asElement().getSimpleName());
    }
    step.timeout().ifPresent(t -> checkTimeout(t, method, "step '" + step.name() + "'"));
    step.retry().ifPresent(retry -> checkRetry(model, step, retry));
    if (!step.isRacer() && !step.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(step.name())) {
      reporter.report(Message.STEP_RESERVED_NAME, method, step.name(), step.name());
    }
    if (!step.isVoid()) {
      access.whyNot(step.valueType(), elements.getPackageOf(model.service())).ifPresent(why -> reporter.report(
          Message.STEP_TYPE_INACCESSIBLE, method, step.name(), step.valueType(), model.orchestratorName().simpleName(), why));
    }
  }

  private void checkRetry(WorkflowModel model, StepModel step, RetryModel retry) {
    ExecutableElement method = step.method();
    AnnotationMirror annotation = retry.annotation();
    String what = (step.isRacer() ? "racer '" : "step '") + step.name() + "'";
    if (retry.attempts() < 1) {
      reporter.report(Message.RETRY_ATTEMPTS, method, annotation, written(annotation, "attempts"), what, retry.attempts());
    } else if (retry.attempts() == 1) {
      reporter.report(Message.RETRY_SINGLE_ATTEMPT, method, annotation, written(annotation, "attempts"), what);
    }
    if (retry.delay() < 0) {
      reporter.report(Message.RETRY_DELAY_NEGATIVE, method, annotation, written(annotation, "delay"), what, retry.delay());
    }
    if (!(retry.multiplier() >= 1.0)) { // NaN too
      reporter.report(
          Message.RETRY_MULTIPLIER, method, annotation, written(annotation, "multiplier"), what, retry.multiplier());
    }
    if (retry.on().isEmpty()) {
      reporter.report(Message.RETRY_ON_EMPTY, method, annotation, written(annotation, "on"), what);
    }
    TypeMirror interrupted = elements.getTypeElement("java.lang.InterruptedException").asType();
    TypeMirror cancelled = elements.getTypeElement("java.util.concurrent.CancellationException").asType();
    for (TypeMirror type : retry.on()) {
      if (types.isSubtype(type, interrupted) || types.isSubtype(type, cancelled)) {
        reporter.report(Message.RETRY_ON_NEVER, method, annotation, written(annotation, "on"), what, type);
      }
      access.whyNot(type, elements.getPackageOf(model.service())).ifPresent(why -> reporter.report(
          Message.RETRY_ON_INACCESSIBLE, method, annotation, written(annotation, "on"), what, type,
          model.orchestratorName().simpleName(), why));
    }
  }

  private void checkDuplicateNames(WorkflowModel model) {
    Map<String, StepModel> first = new HashMap<>();
    for (StepModel step : model.steps()) {
      StepModel earlier = first.putIfAbsent(step.name(), step);
      if (earlier != null) {
        reporter.report(
            Message.STEP_DUPLICATE_NAME, step.method(), step.name(), signature(step.method()), signature(earlier.method()));
      }
    }
  }

  private void checkRaces(WorkflowModel model) {
    for (RaceModel race : model.races()) {
      StepModel first = race.first();
      AnnotationValue raceName = written(first.annotation(), "value");
      if (!SourceVersion.isName(race.name())) {
        reporter.report(Message.RACE_INVALID_NAME, first.method(), first.annotation(), raceName, race.name(), first.name());
      }
      checkRaceNamedLikeStep(model, race);
      if (!race.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(race.name())) {
        reporter.report(Message.RACE_RESERVED_NAME, first.method(), first.annotation(), raceName, race.name(), race.name());
      }
      if (race.racers().size() == 1) {
        reporter.report(
            Message.RACE_SINGLE_RACER, first.method(), first.annotation(), race.name(), first.name(), race.name(), first.name());
      }
      for (StepModel racer : race.racers().subList(1, race.racers().size())) {
        if (!types.isSameType(racer.valueType(), first.valueType())) {
          reporter.report(
              Message.RACERS_TYPES_DIFFER, racer.method(), racer.name(), race.name(),
              racer.valueType(), first.name(), first.valueType());
        }
        if (!afterNames(racer).equals(afterNames(first))) {
          reporter.report(
              Message.RACERS_AFTER_DIFFER, racer.method(), racer.annotation(), written(racer.annotation(), "after"),
              racer.name(), race.name(), describe(afterNames(racer)), first.name(), describe(afterNames(first)));
        }
        if (!racer.wins().equals(first.wins())) {
          reporter.report(
              Message.RACERS_WINS_DIFFER, racer.method(), racer.annotation(), written(racer.annotation(), "wins"),
              racer.name(), race.name(), racer.wins().orElseThrow(), first.name(), first.wins().orElseThrow());
        }
      }
    }
  }

  /** A race and a step (or racer) of one name: reported on the later of the two, naming the earlier. */
  private void checkRaceNamedLikeStep(WorkflowModel model, RaceModel race) {
    StepModel first = race.first();
    int raceAt = model.steps().indexOf(first);
    for (int at = 0; at < model.steps().size(); at++) {
      StepModel step = model.steps().get(at);
      if (!step.name().equals(race.name())) {
        continue;
      }
      String stepKind = step.isRacer() ? "racer" : "step";
      if (at == raceAt) {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, first.method(), first.annotation(), written(first.annotation(), "value"),
            "Race '" + race.name() + "'", "its own racer '" + step.name() + "'");
      } else if (at < raceAt) {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, first.method(), first.annotation(), written(first.annotation(), "value"),
            "Race '" + race.name() + "' of racer '" + first.name() + "'", stepKind + " '" + step.name() + "', declared earlier");
      } else {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, step.method(),
            capitalize(stepKind) + " '" + step.name() + "'",
            "race '" + race.name() + "' (racer '" + first.name() + "'), declared earlier");
      }
      return;
    }
  }

  private void checkAfter(WorkflowModel model, Graph graph) {
    for (StepModel step : model.steps()) {
      Set<String> seen = new HashSet<>();
      String self = step.isRacer() ? step.race().orElseThrow() : step.name();
      for (AfterEntry entry : step.after()) {
        if (entry.name().isBlank()) {
          reporter.report(Message.AFTER_BLANK, step.method(), step.annotation(), entry.value(), step.name());
          continue;
        }
        if (!seen.add(entry.name())) {
          reporter.report(Message.AFTER_DUPLICATE, step.method(), step.annotation(), entry.value(), step.name(), entry.name());
          continue;
        }
        if (entry.name().equals(self)) {
          reporter.report(
              Message.AFTER_SELF, step.method(), step.annotation(), entry.value(),
              step.isRacer() ? "Race '" + self + "' of racer '" + step.name() + "'" : "Step '" + self + "'", self);
          continue;
        }
        if (graph.node(entry.name()).isPresent()) {
          continue;
        }
        Optional<StepModel> racer = graph.racer(entry.name());
        if (racer.isPresent()) {
          String race = racer.get().race().orElseThrow();
          reporter.report(
              Message.AFTER_RACER, step.method(), step.annotation(), entry.value(), step.name(), entry.name(), race,
              AfterFix.waitingFor(step, race, graph));
          continue;
        }
        List<String> known = graph.names();
        known.remove(self);
        String hint = Names.closest(entry.name(), known)
            .map(name -> " Did you mean '" + name + "'?")
            .orElse(known.isEmpty()
                ? " This class declares no other step."
                : " Steps and races of this class: " + String.join(", ", known) + ".");
        reporter.report(
            Message.AFTER_UNKNOWN, step.method(), step.annotation(), entry.value(), step.name(), entry.name(), entry.name(), hint);
      }
    }
  }

  /** Whether an unknown entry of the step's after is a slip for {@code name}. */
  private static boolean misspeltInAfter(StepModel step, String name, Graph graph) {
    return step.after().stream()
        .filter(entry -> graph.node(entry.name()).isEmpty() && graph.racer(entry.name()).isEmpty())
        .anyMatch(entry -> Names.closest(entry.name(), graph.names()).filter(name::equals).isPresent());
  }

  private void checkParameters(WorkflowModel model, Graph graph) {
    Map<String, InputModel> inputs = new HashMap<>();
    model.inputs().forEach(input -> inputs.put(input.name(), input));
    for (StepModel step : model.steps()) {
      checkRoles(step);
      String self = step.nodeName();
      for (ParameterModel parameter : step.parameters()) {
        String name = parameter.name();
        if (parameter.isContext()) {
          continue;
        }
        if (step.waitsFor(name)) {
          graph.node(name).ifPresent(node -> checkBinding(model, step, parameter, node));
          continue;
        }
        Optional<Node> node = graph.node(name);
        Optional<StepModel> racer = graph.racer(name);
        if (name.equals(self) || name.equals(step.name())) {
          String kind = node.map(n -> n instanceof Graph.RaceNode ? "race" : "step").orElse("racer");
          reporter.report(
              Message.PARAMETER_NOT_IN_AFTER, parameter.element(), name, step.name(), kind, name, name,
              "A step cannot wait for itself: rename the parameter.");
          continue;
        }
        if (node.isPresent() && misspeltInAfter(step, name, graph)) {
          continue; // the after entry's "did you mean" already points here; one error is enough
        }
        if (node.isPresent()) {
          String kind = node.get() instanceof Graph.RaceNode ? "race" : "step";
          reporter.report(
              Message.PARAMETER_NOT_IN_AFTER, parameter.element(), name, step.name(), kind, name, name,
              "Add it to after: " + AfterFix.waitingFor(step, name, graph) + ", or rename the parameter.");
          continue;
        }
        if (racer.isPresent()) {
          String race = racer.get().race().orElseThrow();
          reporter.report(
              Message.PARAMETER_NAMED_LIKE_RACER, parameter.element(), name, step.name(), name, race, race,
              AfterFix.waitingFor(step, race, graph));
          continue;
        }
        if (parameter.receivesOutcome()) {
          reporter.report(
              Message.OUTCOME_NOT_IN_AFTER, parameter.element(), name, step.name(), name, outcomeHint(step, name, graph));
          continue;
        }
        InputModel input = inputs.get(name);
        if (input == null) {
          continue;
        }
        if (input.first() == parameter) {
          access.whyNot(parameter.inputType(), elements.getPackageOf(model.service())).ifPresent(why -> reporter.report(
              Message.INPUT_TYPE_INACCESSIBLE, parameter.element(), name, step.name(), parameter.inputType(),
              model.orchestratorName().simpleName(), why));
        } else if (!types.isSameType(input.type(), parameter.inputType())) {
          reporter.report(
              Message.INPUT_TYPES_DIFFER, parameter.element(), name, describeInput(parameter),
              describeInput(input.first()), stepOf(model, input.first()));
        }
      }
    }
    checkTolerance(model, graph);
  }

  /** Context and {@code @Each} parameters: at most one of each, and {@code @Each} only where it can run. */
  private void checkRoles(StepModel step) {
    ParameterModel context = null;
    ParameterModel each = null;
    for (ParameterModel parameter : step.parameters()) {
      if (parameter.isContext()) {
        if (context != null) {
          reporter.report(Message.CONTEXT_TWICE, parameter.element(), step.name(), parameter.name(), context.name());
        } else {
          context = parameter;
        }
      }
      if (parameter.each().isEmpty()) {
        continue;
      }
      EachModel annotation = parameter.each().get();
      if (annotation.limit() < 0) {
        reporter.report(
            Message.EACH_LIMIT_NEGATIVE, parameter.element(), annotation.annotation(),
            written(annotation.annotation(), "limit"), parameter.name(), step.name(), annotation.limit());
      }
      if (parameter.isContext()) {
        reporter.report(Message.EACH_ON_CONTEXT, parameter.element(), parameter.name(), step.name());
      } else if (step.isRacer()) {
        reporter.report(Message.EACH_ON_RACER, parameter.element(), parameter.name(), step.name(), step.name());
      } else if (each != null) {
        reporter.report(Message.EACH_TWICE, parameter.element(), step.name(), parameter.name(), each.name());
      } else {
        each = parameter;
      }
    }
  }

  private void checkBinding(WorkflowModel model, StepModel step, ParameterModel parameter, Node node) {
    if (parameter.isEach() && !step.isRacer()) {
      checkEach(model, step, parameter, node);
    } else if (parameter.receivesOutcome()) {
      checkOutcome(model, step, parameter, node);
    } else if (node.isVoid()) {
      reporter.report(
          Message.PARAMETER_VOID, parameter.element(), parameter.name(), step.name(), node.name(), node.name(), node.name());
    } else if (!types.isAssignable(node.valueType(), parameter.type())) {
      reporter.report(
          Message.PARAMETER_TYPE, parameter.element(), parameter.name(), step.name(), parameter.type(),
          node.name(), node.valueType(), node.valueType());
    }
  }

  /** An {@code @Each} parameter fed by {@code node}: its value must be an {@code Iterable<? extends P>}. */
  private void checkEach(WorkflowModel model, StepModel step, ParameterModel parameter, Node node) {
    if (node.isVoid()) {
      reporter.report(
          Message.PARAMETER_VOID, parameter.element(), parameter.name(), step.name(), node.name(), node.name(), node.name());
      return;
    }
    TypeElement iterable = elements.getTypeElement("java.lang.Iterable");
    TypeMirror element = boxed(parameter.type());
    TypeMirror wanted = types.getDeclaredType(iterable, types.getWildcardType(element, null));
    TypeMirror source = node.valueType();
    if (types.isAssignable(source, wanted)) {
      checkCastable(model, step, parameter);
    } else if (!types.isAssignable(types.erasure(source), types.erasure(iterable.asType()))) {
      reporter.report(
          Message.EACH_NOT_ITERABLE, parameter.element(), parameter.name(), step.name(), node.describe(), source,
          element);
    } else {
      TypeMirror held = elementType(source, iterable);
      reporter.report(
          Message.EACH_ELEMENT_TYPE, parameter.element(), parameter.name(), step.name(), node.describe(),
          parameter.type(), source + " holds " + held, held);
    }
  }

  /** An {@code Outcome<T>} parameter of {@code node}: {@code T} must hold what {@code node} produces. */
  private void checkOutcome(WorkflowModel model, StepModel step, ParameterModel parameter, Node node) {
    Optional<TypeMirror> argument = parameter.outcomeArgument();
    if (argument.isEmpty()) {
      return; // a raw Outcome holds anything
    }
    if (node.isVoid()) {
      if (!holds(argument.get(), elements.getTypeElement("java.lang.Void").asType())) {
        reporter.report(
            Message.OUTCOME_OF_VOID, parameter.element(), parameter.name(), step.name(), parameter.type(), node.name());
      }
    } else if (!holds(argument.get(), boxed(node.valueType()))) {
      TypeMirror value = boxed(node.valueType());
      reporter.report(
          Message.OUTCOME_TYPE, parameter.element(), parameter.name(), step.name(), parameter.type(), node.name(),
          node.valueType(), value, value);
      return;
    }
    checkCastable(model, step, parameter);
  }

  /**
   * Whether an {@code Outcome<argument>} can stand for an outcome of {@code value}: an {@code
   * Outcome} is immutable, so {@code Outcome<Number>} holds an outcome of {@code Integer}.
   */
  private boolean holds(TypeMirror argument, TypeMirror value) {
    return argument instanceof WildcardType ? types.contains(argument, value) : types.isAssignable(value, argument);
  }

  /** The generated code casts to the type of an {@code Outcome} or {@code @Each} parameter: it must see it. */
  private void checkCastable(WorkflowModel model, StepModel step, ParameterModel parameter) {
    access.whyNot(parameter.type(), elements.getPackageOf(model.service())).ifPresent(why -> reporter.report(
        Message.PARAMETER_TYPE_INACCESSIBLE, parameter.element(), parameter.name(), step.name(), parameter.type(),
        model.orchestratorName().simpleName(), why));
  }

  /**
   * A step or race received both as an {@code Outcome} and as a value is not tolerated: the {@code
   * Outcome} only ever holds a success, which is rarely what its author meant.
   */
  private void checkTolerance(WorkflowModel model, Graph graph) {
    for (Node node : graph.nodes()) {
      List<ParameterModel> values = model.valueReceivers(node.name());
      if (values.isEmpty()) {
        continue;
      }
      String valueStep = model.stepOf(values.get(0)).name();
      for (ParameterModel outcome : model.outcomeReceivers(node.name())) {
        String outcomeStep = model.stepOf(outcome).name();
        reporter.report(
            Message.OUTCOME_NOT_TOLERATED, outcome.element(), outcome.name(), outcomeStep, node.name(), valueStep,
            node.name(), outcomeStep, valueStep, node.isVoid() ? "nothing (remove it)" : node.valueType());
      }
    }
  }

  /** What follows "is not in the step's after" for an {@code Outcome} parameter. */
  private static String outcomeHint(StepModel step, String name, Graph graph) {
    List<String> known = graph.names();
    known.remove(step.nodeName());
    return Names.closest(name, known)
        .map(close -> "Did you mean '" + close + "'? Name the parameter '" + close + "' and write "
            + AfterFix.waitingFor(step, close, graph) + ".")
        .orElse("There is no step or race named '" + name + "': name the parameter after the one whose outcome"
            + " the step receives, and add that to after.");
  }

  /** {@code List<Image> (for @Each Image)}: how an input's type reads in a message. */
  private static String describeInput(ParameterModel parameter) {
    return parameter.isEach()
        ? parameter.inputType() + " (a list, for @Each " + parameter.type() + ")"
        : parameter.type().toString();
  }

  private TypeMirror boxed(TypeMirror type) {
    return type.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) type).asType() : type;
  }

  /** {@code E} of the {@code Iterable<E>} that {@code type} is; {@code Object} where it is raw. */
  private TypeMirror elementType(TypeMirror type, TypeElement iterable) {
    var queue = new ArrayDeque<TypeMirror>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeMirror next = queue.remove();
      if (next instanceof DeclaredType declared && declared.asElement().equals(iterable)) {
        if (declared.getTypeArguments().isEmpty()) {
          break;
        }
        TypeMirror argument = declared.getTypeArguments().get(0);
        if (argument instanceof WildcardType wildcard) {
          return wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : objectType();
        }
        return argument;
      }
      queue.addAll(types.directSupertypes(next));
    }
    return objectType();
  }

  private TypeMirror objectType() {
    return elements.getTypeElement("java.lang.Object").asType();
  }

  private static String stepOf(WorkflowModel model, ParameterModel parameter) {
    return model.steps().stream()
        .filter(s -> s.parameters().contains(parameter))
        .map(StepModel::name)
        .findFirst()
        .orElse("?");
  }

  private static Set<String> afterNames(StepModel step) {
    Set<String> names = new TreeSet<>();
    step.after().forEach(e -> names.add(e.name()));
    return names;
  }

  private static String describe(Set<String> names) {
    return names.isEmpty() ? "nothing" : names.stream().collect(Collectors.joining(", ", "{", "}"));
  }

  /** The value of {@code member} as written, to report on; null (the whole annotation) when not written. */
  private static AnnotationValue written(AnnotationMirror annotation, String member) {
    return Annotations.written(annotation, member).orElse(null);
  }

  /** {@code <K, V>} */
  private static String typeParameters(List<? extends TypeParameterElement> parameters) {
    return parameters.stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"));
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** {@code user(long)}: how a method is told apart from its overloads. */
  private static String signature(ExecutableElement method) {
    return method.getSimpleName() + method.getParameters().stream()
        .map(p -> p.asType().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
