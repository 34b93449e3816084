/**
 * Stage three: write a valid {@link dev.errands.processor.model.WorkflowModel} as an orchestrator
 * class and a Mermaid diagram. Only ever called for a model without errors.
 */
package dev.errands.processor.generate;
