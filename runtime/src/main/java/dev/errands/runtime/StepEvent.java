package dev.errands.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The Flight Recorder event of one step that ended: {@code dev.errands.Step}. */
@Name("dev.errands.Step")
@Label("Errands Step")
@Category("Errands")
@Description("A step of an Errands workflow, from its start to its end")
@StackTrace(false)
final class StepEvent extends Event {
  @Label("Workflow")
  @Description("The qualified name of the service class")
  String workflow;

  @Label("Step")
  String step;

  @Label("Outcome")
  @Description("SUCCEEDED, FAILED or CANCELLED")
  String outcome;
}
