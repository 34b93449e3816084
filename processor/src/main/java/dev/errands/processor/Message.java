package dev.errands.processor;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor can emit, in one place so their wording stays consistent. Each
 * says what is wrong, names the step, race or class, and says how to fix it.
 */
public enum Message {
  // The service class.
  SERVICE_PRIVATE(
      "Service class %s is private, so the generated %s cannot use it. Make it package-private or"
          + " wider."),
  SERVICE_GENERIC(
      "Service class %s declares type parameters %s; Errands cannot write an orchestrator for a"
          + " generic class. Move the steps to a class without type parameters."),
  ORCHESTRATOR_NAME_TAKEN(
      "The orchestrator of %s would be %s, but a class of that name already exists. Rename that"
          + " class or the service class."),

  // One step.
  STEP_PRIVATE(
      "Step '%s' is private, so the generated orchestrator cannot call it. Make it package-private"
          + " or wider."),
  STEP_STATIC(
      "Step '%s' is static; steps are called on the service instance given to the orchestrator."
          + " Remove 'static'."),
  STEP_GENERIC(
      "Step '%s' declares type parameters %s; the orchestrator cannot choose them. Give the method"
          + " concrete types."),
  STEP_TWO_ANNOTATIONS(
      "Step '%s' is annotated with both %s and %s; a step has exactly one of @Parallel,"
          + " @Sequential and @Race. Keep one."),
  STEP_DUPLICATE_NAME(
      "Step '%s' is declared twice: %s here and %s earlier. A step's name is its method name, so"
          + " steps cannot be overloaded; rename one of them."),
  STEP_RESERVED_NAME(
      "Step '%s' cannot be a component of the Result record: a record component cannot be named"
          + " '%s'. Rename the method."),
  TIMEOUT_NOT_POSITIVE("@Timeout of %s must be positive, but is %d. Give a duration above zero."),

  // after.
  AFTER_UNKNOWN(
      "Step '%s' waits for '%s', but there is no step or race named '%s'.%s"),
  AFTER_RACER(
      "Step '%s' waits for '%s', which is a racer of race '%s'; steps wait for a race, never for"
          + " one of its racers. Write after = \"%s\"."),
  AFTER_DUPLICATE(
      Diagnostic.Kind.WARNING, "Step '%s' names '%s' more than once in after; once is enough."),
  CYCLE(
      "Steps wait for each other in a cycle, so none of them can ever start: %s. Remove one of"
          + " these after entries."),

  // Parameters.
  PARAMETER_NOT_IN_AFTER(
      "Parameter '%s' of step '%s' is named like the %s '%s', but '%s' is not in the step's after,"
          + " so it would be a workflow input. Add it to after: %s, or rename the parameter."),
  PARAMETER_TYPE(
      "Parameter '%s' of step '%s' has type %s, which cannot hold the result of '%s' (%s). Declare"
          + " the parameter as %s or a supertype."),
  PARAMETER_VOID(
      "Parameter '%s' of step '%s' receives the result of '%s', but '%s' returns nothing. Remove"
          + " the parameter; keep '%s' in after to wait for it."),
  INPUT_TYPES_DIFFER(
      "Workflow input '%s' has type %s here, but %s in step '%s'. Inputs of one name are one input:"
          + " give them the same type, or different names."),

  // Races.
  RACE_NAMED_LIKE_STEP(
      "Race '%s' has the name of step '%s'; steps name a race or a step in after, so the names must"
          + " differ. Rename the race or the step."),
  RACE_RESERVED_NAME(
      "Race '%s' cannot be a component of the Result record: a record component cannot be named"
          + " '%s'. Rename the race."),
  RACERS_TYPES_DIFFER(
      "Racer '%s' of race '%s' returns %s, but racer '%s' returns %s. The racers of one race"
          + " compute the same thing: give them the same return type."),
  RACERS_AFTER_DIFFER(
      "Racer '%s' of race '%s' waits for %s, but racer '%s' waits for %s. The racers of one race"
          + " start together: give them the same after."),
  RACERS_WINS_DIFFER(
      "Racer '%s' of race '%s' says wins = %s, but racer '%s' says wins = %s. A race has one rule:"
          + " give its racers the same wins."),
  RACE_SINGLE_RACER(
      Diagnostic.Kind.WARNING,
      "Race '%s' has a single racer, '%s', so nothing races it. Add racers with @Race(\"%s\"), or"
          + " make '%s' a @Sequential step."),

  // The processor itself.
  MISSING_TYPE(
      "Errands wrote no orchestrator for %s: the type %s of %s never became available. Check its"
          + " spelling and imports, or the annotation processor that should generate it."),
  PROCESSOR_BUG(
      "Errands could not process %s. This is a bug in the Errands processor; please report it with"
          + " the following trace:%n%s");

  private final Diagnostic.Kind kind;
  private final String format;

  Message(String format) {
    this(Diagnostic.Kind.ERROR, format);
  }

  Message(Diagnostic.Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  public Diagnostic.Kind kind() {
    return kind;
  }

  public String format(Object... args) {
    return String.format(format, args);
  }
}
