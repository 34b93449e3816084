package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.Node;
import dev.errands.processor.model.WorkflowModel;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The {@code Result} record's canonical constructor and {@code run} are Java methods: a workflow
 * whose values or inputs need more parameter slots than a method may have cannot be generated.
 */
final class SizeLimitValidator implements Validator {
  /** A Java method takes at most 255 parameter slots, one of them {@code this}. */
  private static final int MAX_SLOTS = 254;

  private final Reporter reporter;

  SizeLimitValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    int components = 0;
    int slots = 0;
    for (Node node : model.graph().nodes()) {
      if (!node.isVoid()) {
        components++;
        slots += slots(node.valueType());
      }
    }
    if (slots > MAX_SLOTS) {
      reporter.report(Message.RESULT_TOO_LARGE, model.service(), model.service().getQualifiedName(), components, slots);
    }
    int inputSlots = 0;
    for (InputModel input : model.inputs()) {
      inputSlots += slots(input.type());
    }
    if (inputSlots > MAX_SLOTS) {
      reporter.report(Message.INPUTS_TOO_MANY, model.service(), model.service().getQualifiedName(), model.inputs().size(), inputSlots);
    }
  }

  private static int slots(TypeMirror type) {
    return type.getKind() == TypeKind.LONG || type.getKind() == TypeKind.DOUBLE ? 2 : 1;
  }
}
