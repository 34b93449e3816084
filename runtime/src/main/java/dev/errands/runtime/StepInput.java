package dev.errands.runtime;

/**
 * What a step's call sees of its run: the results of the steps and races it waits for, and the
 * workflow's inputs. Generated code reads them by index and casts them to the parameter's type;
 * the processor has checked at compile time that the cast holds.
 */
public interface StepInput {

  /** The result of node {@code node} (a step or a race), which has succeeded. */
  Object result(int node);

  /** The workflow input at {@code index}, in the order of {@code run}'s parameters. */
  Object input(int index);
}
