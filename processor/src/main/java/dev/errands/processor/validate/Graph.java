package dev.errands.processor.validate;

import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes a step can wait for: the steps that are not racers, and the races, by name. Where a
 * name is declared twice (an error reported elsewhere), the first declaration counts.
 */
public final class Graph {
  /** A step or a race. */
  public sealed interface Node permits StepNode, RaceNode {
    String name();

    /** Whether it produces no value. */
    boolean isVoid();

    /** What it produces for the steps that wait for it: a {@code List} for an {@code @Each} step. */
    javax.lang.model.type.TypeMirror valueType();

    /** Its after entries, as written on its step or first racer. */
    StepModel declaringStep();

    /** {@code step 'user'}, {@code race 'avatar'}. */
    default String describe() {
      return (this instanceof RaceNode ? "race '" : "step '") + name() + "'";
    }
  }

  public record StepNode(StepModel step) implements Node {
    @Override
    public String name() {
      return step.name();
    }

    @Override
    public boolean isVoid() {
      return step.isVoid();
    }

    @Override
    public javax.lang.model.type.TypeMirror valueType() {
      return step.resultType();
    }

    @Override
    public StepModel declaringStep() {
      return step;
    }
  }

  public record RaceNode(RaceModel race) implements Node {
    @Override
    public String name() {
      return race.name();
    }

    @Override
    public boolean isVoid() {
      return race.isVoid();
    }

    @Override
    public javax.lang.model.type.TypeMirror valueType() {
      return race.first().resultType();
    }

    @Override
    public StepModel declaringStep() {
      return race.first();
    }
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, StepModel> racers = new LinkedHashMap<>();

  public Graph(WorkflowModel model) {
    for (StepModel step : model.steps()) {
      if (step.isRacer()) {
        racers.putIfAbsent(step.name(), step);
        RaceModel race = model.race(step.race().orElseThrow()).orElseThrow();
        nodes.putIfAbsent(race.name(), new RaceNode(race));
      } else {
        nodes.putIfAbsent(step.name(), new StepNode(step));
      }
    }
  }

  /** The step or race named {@code name}. */
  public Optional<Node> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** The racer named {@code name}. */
  public Optional<StepModel> racer(String name) {
    return Optional.ofNullable(racers.get(name));
  }

  /** Every step and race, in order of declaration. */
  public List<Node> nodes() {
    return new ArrayList<>(nodes.values());
  }

  /** Every name a step can wait for. */
  public List<String> names() {
    return new ArrayList<>(nodes.keySet());
  }
}
