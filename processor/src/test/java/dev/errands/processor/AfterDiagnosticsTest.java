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

/**
 * Diagnostics about {@code after} entries and the graph they make. Each entry sits on a line of its
 * own, so that the tests see the error on the entry's string, not on its annotation.
 */
class AfterDiagnosticsTest {

  @Test
  @Covers(Message.AFTER_UNKNOWN)
  void unknownAfterWithASuggestion() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }

            @Sequential(after = {
                "usr"})
            String posts() { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' waits for 'usr', but there is no step or race named 'usr'. Did you"
            + " mean 'user'?")
        .inFile(source)
        .onLineContaining("\"usr\"");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.AFTER_UNKNOWN)
  void aMisspeltAfterIsOneErrorEvenWhenTheParameterIsSpeltRight() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }

            @Sequential(after = {
                "usr"})
            String posts(String user) { return user; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' waits for 'usr', but there is no step or race named 'usr'. Did you"
            + " mean 'user'?")
        .inFile(source)
        .onLineContaining("\"usr\"");
    assertErrorCount(compilation, 1); // not a second one telling the parameter to add "user" to after
  }

  @Test
  @Covers(Message.AFTER_UNKNOWN)
  void unknownAfterWithoutASuggestionListsTheNames() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }
            @Parallel String weather() { return "sunny"; }

            @Sequential(after = {"user",
                "invoice"})
            String posts() { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' waits for 'invoice', but there is no step or race named 'invoice'."
            + " Steps and races of this class: user, weather.")
        .inFile(source)
        .onLineContaining("\"invoice\"");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.AFTER_UNKNOWN)
  void unknownAfterInAClassOfOneStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Sequential(after = "user")
            String posts() { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' waits for 'user', but there is no step or race named 'user'. This"
            + " class declares no other step.")
        .inFile(source)
        .onLineContaining("\"user\"");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.AFTER_BLANK)
  void blankAfterEntries() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String ab() { return "ada"; }

            @Sequential(after = {"ab",
                "",
                "  "})
            String posts() { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' has a blank entry in after. Write the name of a step or race, or"
            + " remove the entry.")
        .inFile(source)
        .onLineContaining("\"\",");
    assertThat(compilation)
        .hadErrorContaining("Step 'posts' has a blank entry in after.")
        .inFile(source)
        .onLineContaining("\"  \"");
    assertErrorCount(compilation, 2);
  }

  @Test
  @Covers(Message.AFTER_SELF)
  void stepWaitsForItself() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Sequential(after = {
                "user"})
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' waits for itself, so it can never start. Remove 'user' from its"
            + " after.")
        .inFile(source)
        .onLineContaining("\"user\"");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.AFTER_SELF)
  void raceWaitsForItself() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race(value = "quote", after = "quote") int cheap() { return 1; }
            @Race(value = "quote", after = "quote") int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Race 'quote' of racer 'cheap' waits for itself, so it can never start. Remove"
            + " 'quote' from its after.")
        .inFile(source)
        .onLineContaining("int cheap()");
    assertThat(compilation)
        .hadErrorContaining("Race 'quote' of racer 'fast' waits for itself")
        .inFile(source)
        .onLineContaining("int fast()");
    assertErrorCount(compilation, 2);
  }

  @Test
  @Covers(Message.AFTER_RACER)
  void afterNamesARacer() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("quote") int cheap() { return 1; }
            @Race("quote") int fast() { return 2; }

            @Sequential(after = {
                "cheap"})
            int total() { return 3; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'total' waits for 'cheap', which is a racer of race 'quote'; steps wait for a"
            + " race, never for one of its racers. Write @Sequential(after = \"quote\").")
        .inFile(source)
        .onLineContaining("\"cheap\"");
    assertErrorCount(compilation, 1);
  }

  /** Every proposed after names the race where the step named a racer, and the race once. */
  @Test
  @Covers({Message.AFTER_RACER, Message.PARAMETER_NOT_IN_AFTER})
  void afterNamesARacerAmongOtherEntries() {
    JavaFileObject source = service("Trip", """
        class Trip {
            @Parallel String weather() { return "sunny"; }
            @Race("boat") String kayak() { return "kayak"; }
            @Race("boat") String canoe() { return "canoe"; }

            @Sequential(after = {
                "kayak", "weather"})
            String plan(String weather,
                        String boat) { return boat + weather; }

            @Sequential(after = {"boat",
                "canoe"})
            String pack(String boat) { return boat; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'plan' waits for 'kayak', which is a racer of race 'boat'; steps wait for a"
            + " race, never for one of its racers. Write @Sequential(after = {\"boat\", \"weather\"}).")
        .inFile(source)
        .onLineContaining("\"kayak\", \"weather\"})");
    assertThat(compilation)
        .hadErrorContaining("Parameter 'boat' of step 'plan' is named like the race 'boat', but 'boat' is not in"
            + " the step's after, so it would be a workflow input. Add it to after:"
            + " @Sequential(after = {\"boat\", \"weather\"}), or rename the parameter.")
        .inFile(source)
        .onLineContaining("String boat) { return boat + weather; }");
    assertThat(compilation)
        .hadErrorContaining("Step 'pack' waits for 'canoe', which is a racer of race 'boat'; steps wait for a"
            + " race, never for one of its racers. Write @Sequential(after = \"boat\").")
        .inFile(source)
        .onLineContaining("\"canoe\"})");
    assertErrorCount(compilation, 3);
  }

  @Test
  @Covers(Message.AFTER_DUPLICATE)
  void sameAfterEntryTwiceIsAWarning() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }

            @Sequential(after = {"user",
                "user"})
            String posts(String user) { return user; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Step 'posts' names 'user' more than once in after; once is enough.")
        .inFile(source)
        .onLineContaining("\"user\"})");
    assertWarningCount(compilation, 1);
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator");
  }

  @Test
  @Covers(Message.CYCLE)
  void cycleIsReportedOnceWithItsWholePath() {
    JavaFileObject source = service("Loop", """
        class Loop {
            @Parallel int start() { return 0; }

            @Sequential(after = {"start",
                "beta"})
            int alpha() { return 1; }

            @Sequential(after = "gamma")
            int beta() { return 2; }

            @Sequential(after = "alpha")
            int gamma() { return 3; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Steps wait for each other in a cycle, so none of them can ever start: alpha ->"
            + " beta -> gamma -> alpha (each waits for the next). Remove one of these after entries.")
        .inFile(source)
        .onLineContaining("\"beta\"");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "LoopOrchestrator");
  }

  @Test
  @Covers(Message.CYCLE)
  void cycleThroughARace() {
    JavaFileObject source = service("Loop", """
        class Loop {
            @Race(value = "quote", after = "total") int cheap() { return 1; }
            @Race(value = "quote", after = "total") int fast() { return 2; }

            @Sequential(after = "quote")
            int total(int quote) { return quote; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("quote -> total -> quote (each waits for the next)")
        .inFile(source)
        .onLineContaining("int cheap()");
    assertErrorCount(compilation, 1);
  }

  @Test
  void twoSeparateCyclesAreBothReported() {
    JavaFileObject source = service("Loop", """
        class Loop {
            @Sequential(after = "b") int a() { return 1; }
            @Sequential(after = "a") int b() { return 2; }
            @Sequential(after = "d") int c() { return 3; }
            @Sequential(after = "c") int d() { return 4; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("a -> b -> a").inFile(source).onLineContaining("int a()");
    assertThat(compilation).hadErrorContaining("c -> d -> c").inFile(source).onLineContaining("int c()");
    assertErrorCount(compilation, 2);
  }
}
