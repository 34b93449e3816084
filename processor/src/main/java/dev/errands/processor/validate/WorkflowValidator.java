package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.TimeoutModel;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.validate.Graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
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

  public WorkflowValidator(Elements elements, Types types, Reporter reporter, String processorName) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.processorName = processorName;
  }

  /** Reports every problem of {@code model}; returns whether it is free of errors. */
  public boolean validate(WorkflowModel model) {
    int errorsBefore = reporter.errors();
    Graph graph = new Graph(model);
    checkServiceClass(model);
    model.timeout().ifPresent(t -> checkTimeout(t, model.service(), "the workflow " + model.service().getSimpleName()));
    for (StepModel step : model.steps()) {
      checkMethod(step);
    }
    checkDuplicateNames(model);
    checkRaces(model);
    checkAfter(model, graph);
    new DependencyCycleValidator(graph, reporter).validate();
    checkParameters(model, graph);
    return reporter.errors() == errorsBefore;
  }

  private void checkServiceClass(WorkflowModel model) {
    TypeElement service = model.service();
    for (Element e = service; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.report(Message.SERVICE_PRIVATE, service, service.getQualifiedName(), model.orchestratorName().simpleName());
        break;
      }
    }
    if (!service.getTypeParameters().isEmpty()) {
      reporter.report(Message.SERVICE_GENERIC, service, service.getQualifiedName(), service.getTypeParameters());
    }
    TypeElement existing = elements.getTypeElement(model.orchestratorName().canonicalName());
    if (existing != null && !generatedByUs(existing)) {
      reporter.report(
          Message.ORCHESTRATOR_NAME_TAKEN, service, service.getQualifiedName(), model.orchestratorName().canonicalName());
    }
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
      reporter.report(Message.TIMEOUT_NOT_POSITIVE, element, timeout.annotation(), what, timeout.value());
    }
  }

  private void checkMethod(StepModel step) {
    ExecutableElement method = step.method();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.STEP_PRIVATE, method, step.name());
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(Message.STEP_STATIC, method, step.name());
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.report(Message.STEP_GENERIC, method, step.name(), method.getTypeParameters());
    }
    for (var other : step.otherStepAnnotations()) {
      reporter.report(
          Message.STEP_TWO_ANNOTATIONS, method, other, step.name(), step.kind().annotation(),
          "@" + other.getAnnotationType().asElement().getSimpleName());
    }
    step.timeout().ifPresent(t -> checkTimeout(t, method, "step '" + step.name() + "'"));
    if (!step.isRacer() && !step.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(step.name())) {
      reporter.report(Message.STEP_RESERVED_NAME, method, step.name(), step.name());
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
    Map<String, StepModel> plainSteps = new HashMap<>();
    model.steps().forEach(s -> plainSteps.putIfAbsent(s.name(), s));
    for (RaceModel race : model.races()) {
      StepModel first = race.first();
      StepModel clash = plainSteps.get(race.name());
      if (clash != null) {
        reporter.report(Message.RACE_NAMED_LIKE_STEP, first.method(), first.annotation(), race.name(), clash.name());
      }
      if (!race.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(race.name())) {
        reporter.report(Message.RACE_RESERVED_NAME, first.method(), first.annotation(), race.name(), race.name());
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
              Message.RACERS_AFTER_DIFFER, racer.method(), racer.annotation(), racer.name(), race.name(),
              describe(afterNames(racer)), first.name(), describe(afterNames(first)));
        }
        if (!racer.wins().equals(first.wins())) {
          reporter.report(
              Message.RACERS_WINS_DIFFER, racer.method(), racer.annotation(), racer.name(), race.name(),
              racer.wins().orElseThrow(), first.name(), first.wins().orElseThrow());
        }
      }
    }
  }

  private void checkAfter(WorkflowModel model, Graph graph) {
    for (StepModel step : model.steps()) {
      Set<String> seen = new HashSet<>();
      for (AfterEntry entry : step.after()) {
        if (!seen.add(entry.name())) {
          reporter.report(Message.AFTER_DUPLICATE, step.method(), step.annotation(), entry.value(), step.name(), entry.name());
          continue;
        }
        if (graph.node(entry.name()).isPresent()) {
          continue;
        }
        Optional<StepModel> racer = graph.racer(entry.name());
        if (racer.isPresent()) {
          String race = racer.get().race().orElseThrow();
          reporter.report(
              Message.AFTER_RACER, step.method(), step.annotation(), entry.value(), step.name(), entry.name(), race, race);
          continue;
        }
        List<String> known = graph.names();
        known.remove(step.isRacer() ? step.race().orElseThrow() : step.name());
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

  private void checkParameters(WorkflowModel model, Graph graph) {
    Map<String, InputModel> inputs = new HashMap<>();
    model.inputs().forEach(input -> inputs.put(input.name(), input));
    for (StepModel step : model.steps()) {
      for (ParameterModel parameter : step.parameters()) {
        if (step.waitsFor(parameter.name())) {
          graph.node(parameter.name()).ifPresent(node -> checkBinding(step, parameter, node));
          continue;
        }
        Optional<Node> node = graph.node(parameter.name());
        Optional<StepModel> racer = graph.racer(parameter.name());
        if (node.isPresent() || racer.isPresent()) {
          String kind = node.map(n -> n instanceof Graph.RaceNode ? "race" : "step").orElse("racer");
          String waitFor = racer.isPresent() && node.isEmpty() ? racer.get().race().orElseThrow() : parameter.name();
          reporter.report(
              Message.PARAMETER_NOT_IN_AFTER, parameter.element(), parameter.name(), step.name(), kind,
              parameter.name(), parameter.name(), fix(step, waitFor));
          continue;
        }
        InputModel input = inputs.get(parameter.name());
        if (input != null && input.first() != parameter && !types.isSameType(input.type(), parameter.type())) {
          reporter.report(
              Message.INPUT_TYPES_DIFFER, parameter.element(), parameter.name(), parameter.type(), input.type(),
              stepOf(model, input.first()));
        }
      }
    }
  }

  private void checkBinding(StepModel step, ParameterModel parameter, Node node) {
    if (node.isVoid()) {
      reporter.report(
          Message.PARAMETER_VOID, parameter.element(), parameter.name(), step.name(), node.name(), node.name(), node.name());
    } else if (!types.isAssignable(node.valueType(), parameter.type())) {
      reporter.report(
          Message.PARAMETER_TYPE, parameter.element(), parameter.name(), step.name(), parameter.type(),
          node.name(), node.valueType(), node.valueType());
    }
  }

  /** How to write the step's annotation so that it waits for {@code name}. */
  private static String fix(StepModel step, String name) {
    List<String> after = new ArrayList<>();
    step.after().forEach(e -> after.add(e.name()));
    after.add(name);
    String entries = after.size() == 1
        ? "\"" + name + "\""
        : after.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "{", "}"));
    return switch (step.kind()) {
      case PARALLEL, SEQUENTIAL -> "@Sequential(after = " + entries + ")";
      case RACER -> "@Race(value = \"" + step.race().orElseThrow() + "\", after = " + entries + ")";
    };
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

  /** {@code user(long)}: how a method is told apart from its overloads. */
  private static String signature(ExecutableElement method) {
    return method.getSimpleName() + method.getParameters().stream()
        .map(p -> p.asType().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
