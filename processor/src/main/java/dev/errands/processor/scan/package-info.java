/** Stage one: read a service class's elements into a {@link dev.errands.processor.model.WorkflowModel}. */
package dev.errands.processor.scan;
