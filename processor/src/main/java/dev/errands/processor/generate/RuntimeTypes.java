package dev.errands.processor.generate;

import com.palantir.javapoet.ClassName;

/** The runtime's classes that generated code names: by name, as the processor does not depend on the runtime. */
final class RuntimeTypes {
  private static final String RUNTIME = "dev.errands.runtime";
  static final ClassName WORKFLOW = ClassName.get(RUNTIME, "Workflow");
  static final ClassName STEP_OPTIONS = ClassName.get(RUNTIME, "StepOptions");
  static final ClassName RUN_OPTIONS = ClassName.get(RUNTIME, "RunOptions");
  static final ClassName WINS = ClassName.get(RUNTIME, "Wins");
  static final ClassName OUTCOME = ClassName.get(RUNTIME, "Outcome");
  static final ClassName FAILED = ClassName.get(RUNTIME, "WorkflowFailedException");

  private RuntimeTypes() {}
}
