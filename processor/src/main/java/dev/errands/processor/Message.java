package dev.errands.processor;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor can emit, in one place so their wording stays consistent. Each
 * says what is wrong, names the step, race or class, and says how to fix it.
 */
public enum Message {
  // The service class.
  SERVICE_PRIVATE(
      "Service class %s %s, so the generated %s cannot use it. Make %s package-private or wider."),
  SERVICE_GENERIC(
      "Service class %s %s; Errands cannot write an orchestrator for a generic class. Move the"
          + " steps to a class without type parameters."),
  ORCHESTRATOR_NAME_TAKEN(
      "The orchestrator of %s would be %s, but a class of that name already exists. Rename that"
          + " class or the service class."),
  ORCHESTRATOR_NAME_CLASH(
      "The orchestrator of %s would be %s, which is already the orchestrator of %s. Rename one of"
          + " the two classes."),
  RESULT_TOO_LARGE(
      "The Result record of %s would have %d components taking %d parameter slots, more than a Java"
          + " constructor may take (254; long and double take two). Make the steps whose values nobody"
          + " reads void, or split the workflow into several service classes."),
  INPUTS_TOO_MANY(
      "run() of %s would take %d workflow inputs taking %d parameter slots, more than a Java method may"
          + " take (254; long and double take two). Pass related inputs together as a record."),
  TIMEOUT_WITHOUT_STEPS(
      "@Timeout on class %s has no effect: the class declares no steps. Annotate the methods it"
          + " should run with @Parallel, @Sequential or @Race, or remove @Timeout."),

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
  STEP_TYPE_INACCESSIBLE(
      "Step '%s' produces %s, which the generated %s cannot name: %s. Make it package-private or"
          + " wider, or return a type the orchestrator can see."),
  TIMEOUT_NOT_POSITIVE("@Timeout of %s must be positive, but is %d. Give a duration above zero."),
  TIMEOUT_NOT_ON_STEP(
      "@Timeout on method '%s' has no effect: '%s' is not a step. Annotate it with @Parallel,"
          + " @Sequential or @Race, or remove @Timeout."),
  LOCAL_CLASS_STEP(
      "%s on method '%s' has no effect: '%s' is declared in %s, whose methods annotation"
          + " processors never see, so no orchestrator runs it. Move the steps to a top-level or"
          + " member class."),

  // after.
  AFTER_UNKNOWN(
      "Step '%s' waits for '%s', but there is no step or race named '%s'.%s"),
  AFTER_BLANK(
      "Step '%s' has a blank entry in after. Write the name of a step or race, or remove the"
          + " entry."),
  AFTER_SELF(
      "%s waits for itself, so it can never start. Remove '%s' from its after."),
  AFTER_RACER(
      "Step '%s' waits for '%s', which is a racer of race '%s'; steps wait for a race, never for"
          + " one of its racers. Write %s."),
  AFTER_DUPLICATE(
      Diagnostic.Kind.WARNING, "Step '%s' names '%s' more than once in after; once is enough."),
  CYCLE(
      "Steps wait for each other in a cycle, so none of them can ever start: %s. Remove one of"
          + " these after entries."),

  // Parameters.
  PARAMETER_NOT_IN_AFTER(
      "Parameter '%s' of step '%s' is named like the %s '%s', but '%s' is not in the step's after,"
          + " so it would be a workflow input. %s"),
  PARAMETER_NAMED_LIKE_RACER(
      "Parameter '%s' of step '%s' is named like racer '%s' of race '%s'; a step receives the"
          + " result of a race, never of one of its racers. Name the parameter '%s' and write %s,"
          + " or rename it."),
  PARAMETER_TYPE(
      "Parameter '%s' of step '%s' has type %s, which cannot hold the result of '%s' (%s). Declare"
          + " the parameter as %s or a supertype."),
  PARAMETER_VOID(
      "Parameter '%s' of step '%s' receives the result of '%s', but '%s' returns nothing. Remove"
          + " the parameter; keep '%s' in after to wait for it."),
  INPUT_NAMED_LIKE_STEP(
      Diagnostic.Kind.WARNING,
      "Parameter '%s' of step '%s' becomes a workflow input of run(), as no step or race is named"
          + " '%s'. Did you mean %s? %s If it is meant as an input, give it a name less like '%s'."),
  INPUT_TYPES_DIFFER(
      "Workflow input '%s' has type %s here, but %s in step '%s'. Inputs of one name are one input:"
          + " give them the same type, or different names."),
  INPUT_TYPE_INACCESSIBLE(
      "Parameter '%s' of step '%s' is a workflow input of type %s, which the generated %s cannot"
          + " name: %s. Make it package-private or wider, or use a type the orchestrator can see."),

  PARAMETER_TYPE_INACCESSIBLE(
      "Parameter '%s' of step '%s' has type %s, which the generated %s cannot name: %s. Make it"
          + " package-private or wider, or use a type the orchestrator can see."),

  // Outcome and StepContext parameters.
  OUTCOME_NOT_IN_AFTER(
      "Parameter '%s' of step '%s' is an Outcome, but '%s' is not in the step's after; an Outcome"
          + " receives how a step or race that the step waits for settled. %s"),
  OUTCOME_TYPE(
      "Parameter '%s' of step '%s' has type %s, which cannot hold the outcome of '%s' (%s). Declare"
          + " the parameter as Outcome<%s>, or with a supertype of %s."),
  OUTCOME_OF_VOID(
      "Parameter '%s' of step '%s' has type %s, but '%s' returns nothing, so its outcome holds no"
          + " value. Declare the parameter as Outcome<Void> or Outcome<?>."),
  OUTCOME_NOT_TOLERATED(
      Diagnostic.Kind.WARNING,
      "Parameter '%s' of step '%s' receives the Outcome of '%s', but step '%s' receives its value, so"
          + " '%s' is not tolerated: its failure fails the run, and '%s' only ever sees a success."
          + " Receive it as an Outcome in '%s' too, or declare this parameter as %s."),
  CONTEXT_TWICE(
      "Step '%s' declares a StepContext twice: '%s' here and '%s' before it. One parameter receives"
          + " the step's context; remove the other."),

  // @Each.
  EACH_NOT_ON_STEP(
      "@Each on parameter '%s' of %s has no effect: %s is not a step. Annotate the method with"
          + " @Parallel or @Sequential, or remove @Each."),
  EACH_ON_RACER(
      "Parameter '%s' of racer '%s' is @Each, but a racer runs once, as its race takes one result."
          + " Make '%s' a @Sequential step to run it once per element, or remove @Each."),
  EACH_TWICE(
      "Step '%s' has @Each on parameter '%s' and on '%s' before it; a step runs once per element of"
          + " one collection. Keep @Each on one of them."),
  EACH_ON_CONTEXT(
      "Parameter '%s' of step '%s' is the step's StepContext, not a collection to run over. Remove"
          + " @Each."),
  EACH_NOT_ITERABLE(
      "Parameter '%s' of step '%s' is @Each, so it needs a collection, but %s produces %s, which is"
          + " not an Iterable. Make it return an Iterable<%s> (a List, a Set, ...), or remove @Each"
          + " to receive it whole."),
  EACH_ELEMENT_TYPE(
      "Parameter '%s' of step '%s' is @Each, so it receives the elements of %s, but its type %s"
          + " cannot hold them (%s). Declare the parameter as %s or a supertype."),
  EACH_LIMIT_NEGATIVE(
      "@Each on parameter '%s' of step '%s' has limit = %d. Give the most elements to run at once,"
          + " or 0 (the default) for no limit."),

  // @Retry.
  RETRY_NOT_ON_STEP(
      "@Retry on method '%s' has no effect: '%s' is not a step. Annotate it with @Parallel,"
          + " @Sequential or @Race, or remove @Retry."),
  RETRY_ATTEMPTS(
      "@Retry of %s has attempts = %d, but attempts counts every attempt, the first included, so it"
          + " must be at least 1. Write attempts = 2 or more to retry, or remove @Retry."),
  RETRY_SINGLE_ATTEMPT(
      Diagnostic.Kind.WARNING,
      "@Retry of %s has attempts = 1, so it never retries: attempts counts every attempt, the first"
          + " included. Write attempts = 2 or more, or remove @Retry."),
  RETRY_DELAY_NEGATIVE(
      "@Retry of %s has delay = %d; a pause cannot be negative. Give 0 (the default) for none, or"
          + " more."),
  RETRY_MULTIPLIER(
      "@Retry of %s has multiplier = %s, but each pause is at least as long as the one before, so it"
          + " must be 1.0 or more. Give 1.0 (the default) for equal pauses."),
  RETRY_ON_EMPTY(
      "@Retry of %s has an empty on, so no failure would be retried. Name the exceptions to retry,"
          + " or remove on to retry every Exception."),
  RETRY_ON_NEVER(
      Diagnostic.Kind.WARNING,
      "@Retry of %s names %s in on, but interruption and cancellation are never retried: they mean the"
          + " run gave up on the step. Remove it from on."),
  RETRY_ON_INACCESSIBLE(
      "@Retry of %s retries %s, which the generated %s cannot name: %s. Make it package-private or"
          + " wider, or name a type the orchestrator can see."),

  // Races.
  RACE_INVALID_NAME(
      "Race name '%s' of racer '%s' is not a Java identifier; a race's name is written in after"
          + " and becomes a component of the Result record. Use a name like \"quote\"."),
  RACE_NAMED_LIKE_STEP(
      "%s has the name of %s; after names steps and races alike, so their names"
          + " must differ. Rename the race or the step."),
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
  RACERS_HEDGE_DIFFER(
      "Racer '%s' of race '%s' says %s, but racer '%s' says %s. A race has one hedge: give its racers"
          + " the same hedgeAfter and hedgeUnit."),
  RACE_HEDGE_NEGATIVE(
      "Racer '%s' of race '%s' has hedgeAfter = %d; a delay cannot be negative. Give 0 (the default)"
          + " to start every racer at once, or more to start them one after another."),
  RACE_HEDGE_TOO_LONG(
      "Racer '%s' of race '%s' has hedgeAfter = %d, hedgeUnit = %s, longer than the runtime can wait:"
          + " it counts in nanoseconds, so at most %s (about 292 years). Give a shorter hedgeAfter."),
  RACE_HEDGE_AFTER_RUN_TIMEOUT(
      Diagnostic.Kind.WARNING,
      "Race '%s' starts its racers %s apart, but the whole run times out after %s, by the time the"
          + " second racer is due; as the first racer to return or throw decides the race, '%s' alone"
          + " ever runs. Give a hedgeAfter shorter than the @Timeout on class %s, or remove it."),
  RACE_SINGLE_RACER(
      Diagnostic.Kind.WARNING,
      "Race '%s' has a single racer, '%s', so nothing races it. Add racers with @Race(\"%s\"), or"
          + " make '%s' a @Sequential step."),

  // The processor itself.
  MISSING_TYPE(
      "Errands wrote no orchestrator for %s: %s never became available. Check its spelling and"
          + " imports, or the annotation processor that should generate it."),
  PROCESSOR_BUG(
      "Errands could not process %s. This is a bug in the Errands processor; please report it with"
          + " the following trace:%n%s"),
  PROCESSOR_INCOMPLETE(
      "Errands could not process %s: the Errands processor is not installed whole. %s, so the"
          + " errands-processor jar on the annotation processor path is incomplete, or mixed with"
          + " another version of Errands. Put the published errands-processor jar on the processor"
          + " path (annotationProcessorPaths, Gradle's annotationProcessor, or javac -processorpath),"
          + " alone, and of the same version as errands-annotations and errands-runtime. The"
          + " trace:%n%s");

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
