package dev.errands.processor.scan;

import com.palantir.javapoet.ClassName;
import dev.errands.processor.model.AfterEntry;
import dev.errands.processor.model.EachModel;
import dev.errands.processor.model.HedgeModel;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.NodeGraph;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.RetryModel;
import dev.errands.processor.model.StepKind;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.StrayAnnotation;
import dev.errands.processor.model.TimeoutModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage one: reads a service class into a {@link WorkflowModel}, reporting nothing. Whatever it
 * reads, however wrong, goes into the model; the validator judges it.
 */
public final class ServiceScanner {
  private final Elements elements;
  private final Types types;
  private final Supertypes supertypes;

  public ServiceScanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.supertypes = new Supertypes(elements, types);
  }

  public WorkflowModel scan(TypeElement service) {
    List<StepModel> steps = new ArrayList<>();
    List<StrayAnnotation> strays = new ArrayList<>();
    for (Element member : service.getEnclosedElements()) {
      if (!(member instanceof ExecutableElement method)) {
        continue;
      }
      List<AnnotationMirror> stepAnnotations = new ArrayList<>();
      for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
        if (Annotations.STEP_ANNOTATIONS.contains(Annotations.nameOf(mirror))) {
          stepAnnotations.add(mirror);
        }
      }
      if (!stepAnnotations.isEmpty() && method.getKind() == ElementKind.METHOD) {
        steps.add(step(method, stepAnnotations));
        continue;
      }
      for (String annotation : List.of(Annotations.TIMEOUT, Annotations.RETRY)) {
        Annotations.find(method, annotation).ifPresent(mirror -> strays.add(new StrayAnnotation(method, method, mirror)));
      }
      for (VariableElement parameter : method.getParameters()) {
        Annotations.find(parameter, Annotations.EACH)
            .ifPresent(mirror -> strays.add(new StrayAnnotation(method, parameter, mirror)));
      }
    }
    List<RaceModel> races = races(steps);
    return new WorkflowModel(
        service,
        ClassName.get(service),
        orchestratorName(service),
        List.copyOf(steps),
        races,
        NodeGraph.of(steps, races),
        inputs(steps),
        timeout(service),
        List.copyOf(strays));
  }

  /** {@code com.acme.Outer.Inner} is run by {@code com.acme.Outer_InnerOrchestrator}. */
  public static ClassName orchestratorName(TypeElement service) {
    ClassName name = ClassName.get(service);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Orchestrator");
  }

  private StepModel step(ExecutableElement method, List<AnnotationMirror> stepAnnotations) {
    AnnotationMirror annotation = stepAnnotations.get(0);
    StepKind kind = switch (Annotations.nameOf(annotation)) {
      case Annotations.PARALLEL -> StepKind.PARALLEL;
      case Annotations.SEQUENTIAL -> StepKind.SEQUENTIAL;
      default -> StepKind.RACER;
    };
    List<AfterEntry> after = new ArrayList<>();
    if (kind != StepKind.PARALLEL) {
      @SuppressWarnings("unchecked")
      var values = (List<? extends AnnotationValue>)
          Annotations.value(elements, annotation, "after").getValue();
      for (AnnotationValue value : values) {
        after.add(new AfterEntry((String) value.getValue(), value));
      }
    }
    Optional<String> race = Optional.empty();
    Optional<String> wins = Optional.empty();
    Optional<HedgeModel> hedge = Optional.empty();
    if (kind == StepKind.RACER) {
      race = Optional.of((String) Annotations.value(elements, annotation, "value").getValue());
      var constant = (VariableElement) Annotations.value(elements, annotation, "wins").getValue();
      wins = Optional.of(constant.getSimpleName().toString());
      long hedgeAfter = ((Number) Annotations.value(elements, annotation, "hedgeAfter").getValue()).longValue();
      var hedgeUnit = (VariableElement) Annotations.value(elements, annotation, "hedgeUnit").getValue();
      hedge = Optional.of(new HedgeModel(hedgeAfter, TimeUnit.valueOf(hedgeUnit.getSimpleName().toString())));
    }
    List<ParameterModel> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameters.add(parameter(parameter, kind));
    }
    TypeMirror returned = method.getReturnType();
    Optional<TypeMirror> stageValue = stageValue(returned);
    TypeMirror value = stageValue.orElse(returned);
    if (isJavaLangVoid(value)) {
      value = types.getNoType(TypeKind.VOID);
    }
    boolean each = kind != StepKind.RACER && parameters.stream().anyMatch(ParameterModel::isEach);
    TypeMirror result = each && value.getKind() != TypeKind.VOID ? listOf(value) : value;
    return new StepModel(
        method,
        annotation,
        List.copyOf(stepAnnotations.subList(1, stepAnnotations.size())),
        kind,
        method.getSimpleName().toString(),
        List.copyOf(after),
        List.copyOf(parameters),
        value,
        result,
        stageValue.isPresent(),
        race,
        wins,
        hedge,
        timeout(method),
        retry(method));
  }

  /** A parameter; an {@code @Each} one takes a {@code List} as input, but on a racer (an error) it does not count. */
  private ParameterModel parameter(VariableElement parameter, StepKind kind) {
    TypeMirror type = parameter.asType();
    ParameterModel.Role role = isType(type, Annotations.STEP_CONTEXT) ? ParameterModel.Role.CONTEXT
        : isType(type, Annotations.OUTCOME) ? ParameterModel.Role.OUTCOME
        : ParameterModel.Role.VALUE;
    Optional<EachModel> each = Annotations.find(parameter, Annotations.EACH).map(mirror -> new EachModel(
        ((Number) Annotations.value(elements, mirror, "limit").getValue()).intValue(), mirror));
    return new ParameterModel(
        parameter, parameter.getSimpleName().toString(), type, role, each,
        each.isPresent() && kind != StepKind.RACER ? listOf(type) : type);
  }

  /** {@code List<T>}, with {@code T} boxed. */
  private TypeMirror listOf(TypeMirror type) {
    TypeMirror element = type.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) type).asType() : type;
    return types.getDeclaredType(elements.getTypeElement("java.util.List"), element);
  }

  /** Whether {@code type} is the class {@code name}, with or without type arguments. */
  private static boolean isType(TypeMirror type, String name) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(name);
  }

  /** For a {@code CompletionStage<T>} or a subtype, {@code T}. */
  private Optional<TypeMirror> stageValue(TypeMirror type) {
    TypeElement stage = elements.getTypeElement("java.util.concurrent.CompletionStage");
    if (type.getKind() != TypeKind.DECLARED
        || !types.isAssignable(types.erasure(type), types.erasure(stage.asType()))) {
      return Optional.empty();
    }
    return Optional.of(supertypes.argument(type, stage));
  }

  private static boolean isJavaLangVoid(TypeMirror type) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.Void");
  }

  private Optional<TimeoutModel> timeout(Element element) {
    return Annotations.find(element, Annotations.TIMEOUT).map(mirror -> {
      long value = ((Number) Annotations.value(elements, mirror, "value").getValue()).longValue();
      var unit = (VariableElement) Annotations.value(elements, mirror, "unit").getValue();
      return new TimeoutModel(value, TimeUnit.valueOf(unit.getSimpleName().toString()), mirror);
    });
  }

  private Optional<RetryModel> retry(Element element) {
    return Annotations.find(element, Annotations.RETRY).map(mirror -> {
      int attempts = ((Number) Annotations.value(elements, mirror, "attempts").getValue()).intValue();
      long delay = ((Number) Annotations.value(elements, mirror, "delay").getValue()).longValue();
      var unit = (VariableElement) Annotations.value(elements, mirror, "unit").getValue();
      double multiplier = ((Number) Annotations.value(elements, mirror, "multiplier").getValue()).doubleValue();
      @SuppressWarnings("unchecked")
      var classes = (List<? extends AnnotationValue>) Annotations.value(elements, mirror, "on").getValue();
      List<TypeMirror> on = new ArrayList<>();
      for (AnnotationValue value : classes) {
        on.add((TypeMirror) value.getValue());
      }
      return new RetryModel(
          attempts, delay, TimeUnit.valueOf(unit.getSimpleName().toString()), multiplier, List.copyOf(on), mirror);
    });
  }

  private static List<RaceModel> races(List<StepModel> steps) {
    Map<String, List<StepModel>> byName = new LinkedHashMap<>();
    for (StepModel step : steps) {
      step.race().ifPresent(race -> byName.computeIfAbsent(race, r -> new ArrayList<>()).add(step));
    }
    List<RaceModel> races = new ArrayList<>();
    byName.forEach((name, racers) -> races.add(new RaceModel(name, List.copyOf(racers))));
    return List.copyOf(races);
  }

  /**
   * Every parameter that is a workflow input (not named in its step's after, not a context, not an
   * outcome), the first of each name, in order; an {@code @Each} parameter's input is a {@code List}.
   */
  private static List<InputModel> inputs(List<StepModel> steps) {
    Map<String, InputModel> inputs = new LinkedHashMap<>();
    for (StepModel step : steps) {
      for (ParameterModel parameter : step.parameters()) {
        if (step.isInput(parameter)) {
          inputs.putIfAbsent(parameter.name(), new InputModel(parameter.name(), parameter.inputType(), parameter));
        }
      }
    }
    return List.copyOf(inputs.values());
  }
}
