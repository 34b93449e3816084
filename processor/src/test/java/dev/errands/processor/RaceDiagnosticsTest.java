package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.assertWarningCount;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about races and their racers. */
class RaceDiagnosticsTest {

  @Test
  @Covers(Message.RACE_INVALID_NAME)
  void raceNameThatIsNoIdentifier() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(
                "best quote")
            int cheap() { return 1; }

            @Race("best quote") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race name 'best quote' of racer 'cheap' is not a Java identifier; a race's name is"
            + " written in after and becomes a component of the Result record. Use a name like \"quote\".")
        .inFile(source)
        .onLineContaining("    \"best quote\")");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "QuotesOrchestrator");
  }

  @Test
  @Covers(Message.RACE_INVALID_NAME)
  void emptyRaceNameOfVoidRacers() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("") void cheap() {}
            @Race("") void fast() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race name '' of racer 'cheap' is not a Java identifier")
        .inFile(source)
        .onLineContaining("void cheap()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_NAMED_LIKE_STEP)
  void raceNamedLikeAnEarlierStep() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Parallel int quote() { return 0; }

            @Race(
                "quote")
            int cheap() { return 1; }

            @Race("quote") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race 'quote' of racer 'cheap' has the name of step 'quote', declared earlier;"
            + " after names steps and races alike, so their names must differ. Rename the race or the step.")
        .inFile(source)
        .onLineContaining("    \"quote\")");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_NAMED_LIKE_STEP)
  void stepNamedLikeAnEarlierRace() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("quote") int cheap() { return 1; }
            @Race("quote") int fast() { return 2; }

            @Parallel
            int quote() { return 0; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'quote' has the name of race 'quote' (racer 'cheap'), declared earlier;"
            + " after names steps and races alike, so their names must differ.")
        .inFile(source)
        .onLineContaining("int quote()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_NAMED_LIKE_STEP)
  void raceNamedLikeItsOwnFirstRacer() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("cheap")
            int cheap() { return 1; }

            @Race(value = "cheap") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race 'cheap' has the name of its own racer 'cheap'; after names steps and races"
            + " alike, so their names must differ.")
        .inFile(source)
        .onLineContaining("@Race(\"cheap\")");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_RESERVED_NAME)
  void raceNamedLikeAnObjectMethod() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(
                "hashCode")
            int cheap() { return 1; }

            @Race("hashCode") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race 'hashCode' cannot be a component of the Result record: a record component"
            + " cannot be named 'hashCode'. Rename the race.")
        .inFile(source)
        .onLineContaining("    \"hashCode\")");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACERS_TYPES_DIFFER)
  void racersReturnDifferentTypes() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race int cheap() { return 1; }

            @Race
            long fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' returns long, but racer 'cheap' returns int. The"
            + " racers of one race compute the same thing: give them the same return type.")
        .inFile(source)
        .onLineContaining("long fast()");
    assertErrorCount(compilation, 1);
  }

  @Test
  void asyncAndPlainRacersOfOneValueTypeRace() {
    Compilation compilation = compile(service("Quotes", """
        class Quotes {
            @Race Integer cheap() { return 1; }
            @Race CompletableFuture<Integer> fast() { return CompletableFuture.completedFuture(2); }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  @Covers(Message.RACERS_AFTER_DIFFER)
  void racersWaitForDifferentSteps() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Parallel String user() { return "ada"; }
            @Parallel String region() { return "eu"; }

            @Race(value = "quote", after = "user") int cheap() { return 1; }

            @Race(value = "quote", after =
                {"user", "region"})
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'quote' waits for {region, user}, but racer 'cheap' waits for"
            + " {user}. The racers of one race start together: give them the same after.")
        .inFile(source)
        .onLineContaining("{\"user\", \"region\"})");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACERS_WINS_DIFFER)
  void racersWithDifferentWins() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race int cheap() { return 1; }

            @Race(wins =
                Race.Wins.FIRST_TO_SUCCEED)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' says wins = FIRST_TO_SUCCEED, but racer 'cheap' says"
            + " wins = FIRST_TO_SETTLE. A race has one rule: give its racers the same wins.")
        .inFile(source)
        .onLineContaining("Race.Wins.FIRST_TO_SUCCEED)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACERS_HEDGE_DIFFER)
  void racersWithDifferentHedgeAfter() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 20) int cheap() { return 1; }

            @Race(hedgeAfter =
                50)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' says hedgeAfter = 50, but racer 'cheap' says"
            + " hedgeAfter = 20. A race has one hedge: give its racers the same hedgeAfter and hedgeUnit.")
        .inFile(source)
        .onLineContaining("    50)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "QuotesOrchestrator");
  }

  @Test
  @Covers(Message.RACERS_HEDGE_DIFFER)
  void racersWithDifferentHedgeUnit() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 2, hedgeUnit = TimeUnit.SECONDS) int cheap() { return 1; }

            @Race(hedgeAfter = 2, hedgeUnit =
                TimeUnit.MINUTES)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' says hedgeUnit = MINUTES, but racer 'cheap' says"
            + " hedgeUnit = SECONDS. A race has one hedge: give its racers the same hedgeAfter and hedgeUnit.")
        .inFile(source)
        .onLineContaining("TimeUnit.MINUTES)");
    assertErrorCount(compilation, 1);
  }

  /** The same duration written in another unit is still another pair of attributes: both are shown. */
  @Test
  @Covers(Message.RACERS_HEDGE_DIFFER)
  void racersWithTheSameHedgeInDifferentUnits() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 2000) int cheap() { return 1; }

            @Race(hedgeAfter =
                2, hedgeUnit = TimeUnit.SECONDS)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' says hedgeAfter = 2, hedgeUnit = SECONDS, but racer"
            + " 'cheap' says hedgeAfter = 2000, hedgeUnit = MILLISECONDS. A race has one hedge")
        .inFile(source)
        .onLineContaining("    2, hedgeUnit = TimeUnit.SECONDS)");
    assertErrorCount(compilation, 1);
  }

  /** A later racer that leaves the hedge out disagrees with a hedged first one: reported on its annotation. */
  @Test
  @Covers(Message.RACERS_HEDGE_DIFFER)
  void laterRacerWithoutTheHedge() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(value = "quote", hedgeAfter = 20) int cheap() { return 1; }
            @Parallel int other() { return 0; }
            @Race("quote") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'quote' says hedgeAfter = 0, but racer 'cheap' says"
            + " hedgeAfter = 20.")
        .inFile(source)
        .onLineContaining("@Race(\"quote\") int fast()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_HEDGE_NEGATIVE)
  void negativeHedgeOnEveryRacer() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(value = "quote", hedgeAfter =
                -5)
            int cheap() { return 1; }

            @Race(value = "quote", hedgeAfter = -5) int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'cheap' of race 'quote' has hedgeAfter = -5; a delay cannot be negative."
            + " Give 0 (the default) to start every racer at once, or more to start them one after another.")
        .inFile(source)
        .onLineContaining("    -5)");
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'quote' has hedgeAfter = -5; a delay cannot be negative.")
        .inFile(source)
        .onLineContaining("int fast()");
    assertErrorCount(compilation, 2);
    assertNoOrchestrator(compilation, "QuotesOrchestrator");
  }

  /** A negative hedge on a later racer is its error; that it also differs from the first's is not another. */
  @Test
  @Covers(Message.RACE_HEDGE_NEGATIVE)
  void negativeHedgeOnALaterRacerIsOneError() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 20) int cheap() { return 1; }
            @Race(hedgeAfter = -20) int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' has hedgeAfter = -20; a delay cannot be negative.")
        .inFile(source)
        .onLineContaining("int fast()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RACE_HEDGE_TOO_LONG)
  void hedgeTooLongForNanoseconds() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 106752, hedgeUnit = TimeUnit.DAYS) int cheap() { return 1; }
            @Race(hedgeAfter =
                106752, hedgeUnit = TimeUnit.DAYS)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Racer 'cheap' of race 'race' has hedgeAfter = 106752, hedgeUnit = DAYS, longer than"
            + " the runtime can wait: it counts in nanoseconds, so at most 106751 d (about 292 years). Give a"
            + " shorter hedgeAfter.")
        .inFile(source)
        .onLineContaining("int cheap()");
    assertThat(compilation)
        .hadErrorContaining("Racer 'fast' of race 'race' has hedgeAfter = 106752, hedgeUnit = DAYS")
        .inFile(source)
        .onLineContaining("    106752, hedgeUnit");
    assertErrorCount(compilation, 2);
  }

  @Test
  @Covers(Message.RACE_HEDGE_AFTER_RUN_TIMEOUT)
  void hedgeNoShorterThanTheRunTimeout() {
    JavaFileObject source = service("Quotes", """
        @Timeout(5)
        class Quotes {
            @Race(value = "quote", hedgeAfter =
                5000)
            int cheap() { return 1; }

            @Race(value = "quote", hedgeAfter = 5000) int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Race 'quote' starts its racers 5000 ms apart, but the whole run times out after"
            + " 5 s, by the time the second racer is due; as the first racer to return or throw decides the"
            + " race, 'cheap' alone ever runs. Give a hedgeAfter shorter than the @Timeout on class Quotes, or"
            + " remove it.")
        .inFile(source)
        .onLineContaining("    5000)");
    assertWarningCount(compilation, 1);
  }

  /** A hedge shorter than the run's timeout, or under FIRST_TO_SUCCEED (a fallback on failure), is fine. */
  @Test
  void hedgeWithinTheRunTimeoutOrAFallback() {
    Compilation compilation = compile(service("Quotes", """
        @Timeout(5)
        class Quotes {
            @Race(value = "quote", hedgeAfter = 4999) int cheap() { return 1; }
            @Race(value = "quote", hedgeAfter = 4999) int fast() { return 2; }

            @Race(value = "backup", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 1, hedgeUnit = TimeUnit.DAYS)
            int primary() { return 1; }
            @Race(value = "backup", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 1, hedgeUnit = TimeUnit.DAYS)
            int secondary() { return 2; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** The longest hedge nanoseconds hold is accepted, and written as a long where an int cannot hold it. */
  @Test
  void longestHedges() {
    Compilation compilation = compile(service("Quotes", """
        class Quotes {
            @Race(value = "days", hedgeAfter = 106751, hedgeUnit = TimeUnit.DAYS) int cheap() { return 1; }
            @Race(value = "days", hedgeAfter = 106751, hedgeUnit = TimeUnit.DAYS) int fast() { return 2; }
            @Race(value = "nanos", hedgeAfter = Long.MAX_VALUE, hedgeUnit = TimeUnit.NANOSECONDS) int near() { return 1; }
            @Race(value = "nanos", hedgeAfter = Long.MAX_VALUE, hedgeUnit = TimeUnit.NANOSECONDS) int far() { return 2; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.QuotesOrchestrator")
        .contentsAsUtf8String()
        .contains(".race(\"days\", Wins.FIRST_TO_SETTLE, after().hedge(106751, TimeUnit.DAYS))");
    assertThat(compilation)
        .generatedSourceFile("com.acme.QuotesOrchestrator")
        .contentsAsUtf8String()
        .contains(".race(\"nanos\", Wins.FIRST_TO_SETTLE, after().hedge(9223372036854775807L, TimeUnit.NANOSECONDS))");
  }

  /**
   * A hedge on a race of one racer has nothing to hedge: the single-racer warning says so, and no
   * other; the hedge is generated as written.
   */
  @Test
  @Covers(Message.RACE_SINGLE_RACER)
  void hedgedRaceWithASingleRacerIsOneWarning() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(value = "quote", hedgeAfter = 20)
            int cheap() { return 1; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Race 'quote' has a single racer, 'cheap', so nothing races it.")
        .inFile(source)
        .onLineContaining("@Race(value = \"quote\", hedgeAfter = 20)");
    assertWarningCount(compilation, 1);
    assertThat(compilation)
        .generatedSourceFile("com.acme.QuotesOrchestrator")
        .contentsAsUtf8String()
        .contains(".race(\"quote\", Wins.FIRST_TO_SETTLE, after().hedge(20, TimeUnit.MILLISECONDS))");
  }

  /** hedgeAfter = 0 is no hedge, whatever its unit: the race is declared as one without. */
  @Test
  void zeroHedgeIsNoHedge() {
    Compilation compilation = compile(service("Quotes", """
        class Quotes {
            @Race(hedgeAfter = 0, hedgeUnit = TimeUnit.SECONDS) int cheap() { return 1; }
            @Race(hedgeAfter = 0, hedgeUnit = TimeUnit.SECONDS) int fast() { return 2; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.QuotesOrchestrator")
        .contentsAsUtf8String()
        .contains(".race(\"race\", Wins.FIRST_TO_SETTLE, after())\n");
  }

  @Test
  @Covers(Message.RACE_SINGLE_RACER)
  void raceWithASingleRacerIsAWarning() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("quote")
            int cheap() { return 1; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Race 'quote' has a single racer, 'cheap', so nothing races it. Add racers with"
            + " @Race(\"quote\"), or make 'cheap' a @Sequential step.")
        .inFile(source)
        .onLineContaining("@Race(\"quote\")");
    assertWarningCount(compilation, 1);
    assertThat(compilation).generatedSourceFile("com.acme.QuotesOrchestrator");
  }

  /** A race of void racers has no component in Result; steps can still wait for it. */
  @Test
  void raceOfVoidRacers() {
    Compilation compilation = compile(service("Warmup", """
        class Warmup {
            @Race("warm") void disk() {}
            @Race("warm") CompletableFuture<Void> network() { return CompletableFuture.completedFuture(null); }

            @Sequential(after = "warm")
            int ready() { return 1; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.WarmupOrchestrator")
        .contentsAsUtf8String()
        .contains("public record Result(int ready)");
  }
}
