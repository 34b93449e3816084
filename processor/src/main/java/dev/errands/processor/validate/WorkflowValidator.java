package dev.errands.processor.validate;

import dev.errands.processor.Reporter;
import dev.errands.processor.model.WorkflowModel;
import java.util.List;
import java.util.Map;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage two: checks a {@link WorkflowModel} and reports every problem, each on the most precise
 * element, going on after each one so that a single build shows them all. Each concern is a
 * {@link Validator} of its own, named after what it checks; this class only runs them.
 */
public final class WorkflowValidator {
  private final Reporter reporter;
  private final Validator strays;
  private final List<Validator> validators;

  /**
   * @param written the orchestrators this processor has written in this build so far, by
   *     qualified name, each to the service class it runs
   */
  public WorkflowValidator(
      Elements elements, Types types, Reporter reporter, String processorName, Map<String, String> written) {
    this.reporter = reporter;
    Access access = new Access(elements);
    this.strays = new StrayAnnotationValidator(reporter);
    this.validators = List.of(
        new ServiceClassValidator(elements, reporter, processorName, written),
        new TimeoutValidator(reporter),
        new StepValidator(reporter, access),
        new RetryValidator(elements, types, reporter, access),
        new RaceValidator(types, reporter),
        new AfterValidator(reporter),
        new DependencyCycleValidator(reporter),
        new ParameterValidator(types, reporter),
        new EachValidator(elements, types, reporter, access),
        new OutcomeValidator(elements, types, reporter, access),
        new InputTypeValidator(types, reporter, access),
        new InputNameValidator(reporter),
        new SizeLimitValidator(reporter));
  }

  /** Reports every problem of {@code model}; returns whether it is free of errors. */
  public boolean validate(WorkflowModel model) {
    int errorsBefore = reporter.errors();
    strays.validate(model);
    if (model.steps().isEmpty()) {
      return false; // not a service class: it was looked at only for its annotations
    }
    for (Validator validator : validators) {
      validator.validate(model);
    }
    return reporter.errors() == errorsBefore;
  }
}
