package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.InputModel;
import dev.errands.processor.model.ParameterModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.util.Types;

/**
 * The types of the workflow inputs, which become the parameters of {@code run}: the orchestrator
 * can name each, and the parameters that share an input's name share its type. A parameter named
 * like a step, race or racer is no input: {@link ParameterValidator} reports it.
 */
final class InputTypeValidator implements Validator {
  private final Types types;
  private final Reporter reporter;
  private final Access access;

  InputTypeValidator(Types types, Reporter reporter, Access access) {
    this.types = types;
    this.reporter = reporter;
    this.access = access;
  }

  @Override
  public void validate(WorkflowModel model) {
    Map<String, InputModel> inputs = new HashMap<>();
    model.inputs().forEach(input -> inputs.put(input.name(), input));
    for (StepModel step : model.steps()) {
      for (ParameterModel parameter : step.parameters()) {
        if (step.isInput(parameter) && !model.graph().declares(parameter.name())) {
          check(model, step, parameter, inputs.get(parameter.name()));
        }
      }
    }
  }

  private void check(WorkflowModel model, StepModel step, ParameterModel parameter, InputModel input) {
    if (input.first() == parameter) {
      access.whyNot(parameter.inputType(), model).ifPresent(why -> reporter.report(
          Message.INPUT_TYPE_INACCESSIBLE, parameter.element(), parameter.name(), step.name(), parameter.inputType(),
          model.orchestratorName().simpleName(), why));
    } else if (!types.isSameType(input.type(), parameter.inputType())) {
      reporter.report(
          Message.INPUT_TYPES_DIFFER, parameter.element(), parameter.name(), describe(parameter),
          describe(input.first()), model.stepOf(input.first()).name());
    }
  }

  /** {@code List<Image> (for @Each Image)}: how an input's type reads in a message. */
  private static String describe(ParameterModel parameter) {
    return parameter.isEach()
        ? parameter.inputType() + " (a list, for @Each " + parameter.type() + ")"
        : parameter.type().toString();
  }
}
