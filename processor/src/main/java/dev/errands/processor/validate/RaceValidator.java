package dev.errands.processor.validate;

import static dev.errands.processor.scan.Annotations.writtenOrNull;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.HedgeModel;
import dev.errands.processor.model.RaceModel;
import dev.errands.processor.model.StepModel;
import dev.errands.processor.model.TimeoutModel;
import dev.errands.processor.model.WorkflowModel;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.util.Types;

/**
 * Each race: a valid name of its own, at least two racers, a hedge that is neither negative nor too
 * long to count in nanoseconds, and racers that agree on their type, their {@code after}, their
 * {@code wins} and their hedge.
 */
final class RaceValidator implements Validator {
  private final Types types;
  private final Reporter reporter;

  RaceValidator(Types types, Reporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  @Override
  public void validate(WorkflowModel model) {
    for (RaceModel race : model.races()) {
      StepModel first = race.first();
      AnnotationValue raceName = writtenOrNull(first.annotation(), "value");
      if (!SourceVersion.isName(race.name())) {
        reporter.report(Message.RACE_INVALID_NAME, first.method(), first.annotation(), raceName, race.name(), first.name());
      }
      checkNamedLikeStep(model, race);
      if (!race.isVoid() && Names.RESERVED_COMPONENT_NAMES.contains(race.name())) {
        reporter.report(Message.RACE_RESERVED_NAME, first.method(), first.annotation(), raceName, race.name(), race.name());
      }
      if (race.racers().size() == 1) {
        reporter.report(
            Message.RACE_SINGLE_RACER, first.method(), first.annotation(), race.name(), first.name(), race.name(), first.name());
      }
      for (StepModel racer : race.racers()) {
        checkHedge(race, racer);
      }
      model.timeout().ifPresent(timeout -> checkHedgeWithin(model, race, timeout));
      for (StepModel racer : race.racers().subList(1, race.racers().size())) {
        checkAgrees(race, racer);
      }
    }
  }

  /** A racer after the first: the same type, the same after, the same wins and the same hedge as the first. */
  private void checkAgrees(RaceModel race, StepModel racer) {
    StepModel first = race.first();
    if (!types.isSameType(racer.valueType(), first.valueType())) {
      reporter.report(
          Message.RACERS_TYPES_DIFFER, racer.method(), racer.name(), race.name(),
          racer.valueType(), first.name(), first.valueType());
    }
    if (!afterNames(racer).equals(afterNames(first))) {
      reporter.report(
          Message.RACERS_AFTER_DIFFER, racer.method(), racer.annotation(), writtenOrNull(racer.annotation(), "after"),
          racer.name(), race.name(), describe(afterNames(racer)), first.name(), describe(afterNames(first)));
    }
    if (!racer.wins().equals(first.wins())) {
      reporter.report(
          Message.RACERS_WINS_DIFFER, racer.method(), racer.annotation(), writtenOrNull(racer.annotation(), "wins"),
          racer.name(), race.name(), racer.wins().orElseThrow(), first.name(), first.wins().orElseThrow());
    }
    HedgeModel hedge = racer.hedge().orElseThrow();
    HedgeModel firstHedge = first.hedge().orElseThrow();
    if (!hedge.equals(firstHedge) && isValid(hedge)) { // an invalid one has its own error, on the same value
      boolean delayDiffers = hedge.after() != firstHedge.after();
      boolean unitDiffers = hedge.unit() != firstHedge.unit();
      AnnotationValue value = delayDiffers ? writtenOrNull(racer.annotation(), "hedgeAfter") : null;
      if (value == null && unitDiffers) {
        value = writtenOrNull(racer.annotation(), "hedgeUnit");
      }
      reporter.report(
          Message.RACERS_HEDGE_DIFFER, racer.method(), racer.annotation(), value, racer.name(), race.name(),
          differing(hedge, delayDiffers, unitDiffers), first.name(), differing(firstHedge, delayDiffers, unitDiffers));
    }
  }

  /** A racer's hedge: a delay that is not negative, and that nanoseconds can count. */
  private void checkHedge(RaceModel race, StepModel racer) {
    HedgeModel hedge = racer.hedge().orElseThrow();
    AnnotationValue written = writtenOrNull(racer.annotation(), "hedgeAfter");
    if (hedge.after() < 0) {
      reporter.report(
          Message.RACE_HEDGE_NEGATIVE, racer.method(), racer.annotation(), written, racer.name(), race.name(), hedge.after());
    } else if (hedge.after() > HedgeModel.longest(hedge.unit())) {
      reporter.report(
          Message.RACE_HEDGE_TOO_LONG, racer.method(), racer.annotation(), written, racer.name(), race.name(),
          hedge.after(), hedge.unit().name(), new HedgeModel(HedgeModel.longest(hedge.unit()), hedge.unit()).describe());
    }
  }

  /**
   * Under {@code FIRST_TO_SETTLE}, a second racer due no sooner than the run's deadline never runs:
   * only a failure of every racer started so far starts the next one early, and only under {@code
   * FIRST_TO_SUCCEED}, where a long hedge is a fallback on failure.
   */
  private void checkHedgeWithin(WorkflowModel model, RaceModel race, TimeoutModel timeout) {
    StepModel first = race.first();
    HedgeModel hedge = first.hedge().orElseThrow();
    if (race.racers().size() < 2 || !hedge.isHedged() || !isValid(hedge) || timeout.value() <= 0
        || !first.wins().orElseThrow().equals("FIRST_TO_SETTLE")
        || hedge.unit().toNanos(hedge.after()) < timeout.unit().toNanos(timeout.value())) {
      return;
    }
    reporter.report(
        Message.RACE_HEDGE_AFTER_RUN_TIMEOUT, first.method(), first.annotation(), writtenOrNull(first.annotation(), "hedgeAfter"),
        race.name(), hedge.describe(), timeout.describe(), first.name(), model.service().getSimpleName());
  }

  private static boolean isValid(HedgeModel hedge) {
    return hedge.after() >= 0 && hedge.after() <= HedgeModel.longest(hedge.unit());
  }

  /** "hedgeAfter = 50", "hedgeUnit = SECONDS", or both: the attributes in which two racers differ. */
  private static String differing(HedgeModel hedge, boolean delay, boolean unit) {
    if (delay && unit) {
      return hedge.asWritten();
    }
    return delay ? "hedgeAfter = " + hedge.after() : "hedgeUnit = " + hedge.unit().name();
  }

  /** A race and a step (or racer) of one name: reported on the later of the two, naming the earlier. */
  private void checkNamedLikeStep(WorkflowModel model, RaceModel race) {
    StepModel first = race.first();
    int raceAt = model.steps().indexOf(first);
    for (int at = 0; at < model.steps().size(); at++) {
      StepModel step = model.steps().get(at);
      if (!step.name().equals(race.name())) {
        continue;
      }
      String stepKind = step.isRacer() ? "racer" : "step";
      if (at == raceAt) {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, first.method(), first.annotation(), writtenOrNull(first.annotation(), "value"),
            "Race '" + race.name() + "'", "its own racer '" + step.name() + "'");
      } else if (at < raceAt) {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, first.method(), first.annotation(), writtenOrNull(first.annotation(), "value"),
            "Race '" + race.name() + "' of racer '" + first.name() + "'", stepKind + " '" + step.name() + "', declared earlier");
      } else {
        reporter.report(
            Message.RACE_NAMED_LIKE_STEP, step.method(),
            capitalize(stepKind) + " '" + step.name() + "'",
            "race '" + race.name() + "' (racer '" + first.name() + "'), declared earlier");
      }
      return;
    }
  }

  private static Set<String> afterNames(StepModel step) {
    Set<String> names = new TreeSet<>();
    step.after().forEach(e -> names.add(e.name()));
    return names;
  }

  private static String describe(Set<String> names) {
    return names.isEmpty() ? "nothing" : names.stream().collect(Collectors.joining(", ", "{", "}"));
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
