package dev.errands.runtime;

/**
 * What a step's call sees of its run: the results of the steps and races it waits for, the
 * workflow's inputs, its own context, and for a step run once per element ({@code @Each}) the
 * element. Generated code reads them by index and casts them to the parameter's type; the
 * processor has checked at compile time that the cast holds.
 *
 * <p>A {@code StepInput} is read during {@link StepBody#call} only, as generated code does: the
 * engine may hand the object to the next step once the call has returned. The {@link StepContext}
 * that {@link #context} returns stays the step's own, for as long as anyone keeps it.
 */
public interface StepInput {

  /**
   * The result of node {@code node} (a step or a race), which has succeeded; for a node whose
   * failure is tolerated, its {@link Outcome}.
   */
  Object result(int node);

  /**
   * The {@link Outcome} of node {@code node}: what a parameter of type {@code Outcome<T>} receives,
   * whether the node is tolerated (it has settled) or not (it has succeeded).
   */
  Outcome<?> outcome(int node);

  /** The workflow input at {@code index}, in the order of {@code run}'s parameters. */
  Object input(int index);

  /** The step's own context: what a {@code StepContext} parameter receives. */
  StepContext context();

  /** For a step run once per element of a collection, the element of this call. */
  Object element();
}
