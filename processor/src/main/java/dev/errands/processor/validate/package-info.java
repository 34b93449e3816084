/**
 * Stage two: check a {@link dev.errands.processor.model.WorkflowModel} and report every problem on
 * its precise element. Nothing is generated for a class with errors.
 *
 * <p>One {@code Validator} per concern, each named after what it
 * checks ({@code AfterValidator}, {@code DependencyCycleValidator}, {@code EachValidator}, …), all
 * walking the model's {@link dev.errands.processor.model.NodeGraph};
 * {@link dev.errands.processor.validate.WorkflowValidator} runs them in turn.
 */
package dev.errands.processor.validate;
