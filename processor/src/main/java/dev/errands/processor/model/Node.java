package dev.errands.processor.model;

import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * A node of the workflow: what a step can wait for, and what the runtime runs and numbers as one.
 * A plain step is a node of one task; a race is a node whose tasks are its racers, the first of
 * which speaks for the race (its {@code after}, its {@code wins}, its hedge, its type).
 *
 * @param index its number in the generated orchestrator: its place among the nodes, in source
 *     order of their first task
 * @param name the step's name, or the race's
 * @param tasks the methods it runs: the step, or the racers in source order
 * @param after the indices of the nodes its {@code after} names, each once, in the order written;
 *     an entry that names no node, or the node itself, is left out (an error reported elsewhere)
 * @param receivers the parameters that receive its value, its elements or its outcome, in source
 *     order: those named like it in a step whose {@code after} names it
 */
public record Node(int index, String name, List<StepModel> tasks, List<Integer> after, List<Receiver> receivers) {

  /** A parameter that receives what a node produced, and the step it belongs to. */
  public record Receiver(StepModel step, ParameterModel parameter) {}

  /** The step, or the first racer: the task that declares the node. */
  public StepModel first() {
    return tasks.get(0);
  }

  public boolean isRace() {
    return first().isRacer();
  }

  /** Whether it produces no value. */
  public boolean isVoid() {
    return first().isVoid();
  }

  /**
   * What it produces for the steps that wait for it and for the {@code Result}: a {@code List} for
   * an {@code @Each} step; {@code void} when it produces nothing.
   */
  public TypeMirror valueType() {
    return first().resultType();
  }

  /** For a race, the name of its {@code Race.Wins} constant. */
  public String wins() {
    return first().wins().orElseThrow();
  }

  /** For a race, its first racer's {@code hedgeAfter} and {@code hedgeUnit}: the race's. */
  public HedgeModel hedge() {
    return first().hedge().orElseThrow();
  }

  /** Whether it is a race whose racers start one after another. */
  public boolean isHedged() {
    return isRace() && hedge().isHedged();
  }

  /** For a race, whether the first racer to succeed wins, failures being waited out. */
  public boolean isFirstToSucceed() {
    return wins().equals("FIRST_TO_SUCCEED");
  }

  /**
   * Whether it is tolerated: at least one step receives it as an {@code Outcome} and none receives
   * its value (an {@code @Each} parameter receives its elements: a value). Its failure then does
   * not fail the run.
   */
  public boolean isTolerated() {
    return !receivers.isEmpty() && receivers.stream().allMatch(r -> r.parameter().receivesOutcome());
  }

  /** {@code step}, {@code race}. */
  public String kind() {
    return isRace() ? "race" : "step";
  }

  /** {@code step 'user'}, {@code race 'avatar'}. */
  public String describe() {
    return kind() + " '" + name + "'";
  }
}
