package dev.errands.processor.validate;

import dev.errands.processor.model.WorkflowModel;

/**
 * The checks of one concern, each in a class named after it. A validator reports every problem it
 * finds on its precise element and goes on, so that one build shows them all.
 */
interface Validator {
  void validate(WorkflowModel model);
}
