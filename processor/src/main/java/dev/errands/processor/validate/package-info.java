/**
 * Stage two: check a {@link dev.errands.processor.model.WorkflowModel} and report every problem on
 * its precise element. Nothing is generated for a class with errors.
 */
package dev.errands.processor.validate;
