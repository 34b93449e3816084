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
 * Diagnostics about {@code Outcome<T>} and {@code StepContext} parameters. Each parameter sits on a
 * line of its own, so that the tests see the error on the parameter, not on its method.
 */
class OutcomeDiagnosticsTest {

  /** Services here use the runtime's types too. */
  private static JavaFileObject runtimeService(String name, String body) {
    return service(name, "import dev.errands.runtime.*;\n\n" + body);
  }

  @Test
  @Covers(Message.OUTCOME_TYPE)
  void outcomeWhoseTypeCannotHoldTheResult() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel List<String> albums() { return List.of(); }

            @Sequential(after = "albums")
            String page(
                Outcome<Set<String>> albums) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'albums' of step 'page' has type dev.errands.runtime.Outcome<java.util.Set"
            + "<java.lang.String>>, which cannot hold the outcome of 'albums' (java.util.List<java.lang.String>)."
            + " Declare the parameter as Outcome<java.util.List<java.lang.String>>, or with a supertype of"
            + " java.util.List<java.lang.String>.")
        .inFile(source)
        .onLineContaining("Outcome<Set<String>> albums)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.OUTCOME_TYPE)
  void outcomeOfAPrimitiveNeedsItsBox() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel int count() { return 1; }

            @Sequential(after = "count")
            String page(
                Outcome<Long> count) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("cannot hold the outcome of 'count' (int). Declare the parameter as"
            + " Outcome<java.lang.Integer>")
        .inFile(source)
        .onLineContaining("Outcome<Long> count)");
    assertErrorCount(compilation, 1);
  }

  /** An Outcome is immutable: an Outcome of a supertype, or with a wildcard, may hold the result. */
  @Test
  void outcomesThatHoldTheResult() {
    Compilation compilation = compile(runtimeService("Profile", """
        class Profile {
            @Parallel int count() { return 1; }
            @Parallel ArrayList<String> names() { return new ArrayList<>(); }
            @Parallel void audit() {}

            @Sequential(after = {"count", "names", "audit"})
            String page(Outcome<Number> count, Outcome<? extends List<String>> names, Outcome<?> audit) {
                return "page";
            }

            @Sequential(after = {"count", "names", "audit"})
            @SuppressWarnings("rawtypes")
            String other(Outcome<Integer> count, Outcome names, Outcome<Void> audit) { return "other"; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("service.page((Outcome<Number>) in.outcome(COUNT),");
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("(Outcome<ArrayList<String>>) in.result(NAMES)");
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("service.other((Outcome<Integer>) in.outcome(COUNT),");
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains(" in.outcome(NAMES), (Outcome<Void>) in.outcome(AUDIT))");
  }

  @Test
  @Covers(Message.OUTCOME_OF_VOID)
  void outcomeOfAVoidStepHoldsNoValue() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel void audit() {}

            @Sequential(after = "audit")
            String page(
                Outcome<String> audit) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'audit' of step 'page' has type dev.errands.runtime.Outcome<java.lang.String>,"
            + " but 'audit' returns nothing, so its outcome holds no value. Declare the parameter as"
            + " Outcome<Void> or Outcome<?>.")
        .inFile(source)
        .onLineContaining("Outcome<String> audit)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_NOT_IN_AFTER)
  void outcomeOfAStepNotInAfter() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }
            @Parallel String albums() { return "none"; }

            @Sequential(after = "user")
            String page(String user,
                Outcome<String> albums) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    // A parameter named like a step that is not in after has its own message.
    assertThat(compilation)
        .hadErrorContaining("Parameter 'albums' of step 'page' is named like the step 'albums', but 'albums' is"
            + " not in the step's after")
        .inFile(source)
        .onLineContaining("Outcome<String> albums)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.OUTCOME_NOT_IN_AFTER)
  void outcomeNamedLikeNothing() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel String albums() { return "none"; }

            @Sequential(after = "albums")
            String page(String albums,
                Outcome<String> weather) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'weather' of step 'page' is an Outcome, but 'weather' is not in the step's"
            + " after; an Outcome receives how a step or race that the step waits for settled. There is no step"
            + " or race named 'weather': name the parameter after the one whose outcome the step receives, and"
            + " add that to after.")
        .inFile(source)
        .onLineContaining("Outcome<String> weather)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.OUTCOME_NOT_IN_AFTER)
  void outcomeNamedLikeAStepWithASlip() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel String albums() { return "none"; }

            @Parallel
            String page(
                Outcome<String> album) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'album' of step 'page' is an Outcome, but 'album' is not in the step's"
            + " after; an Outcome receives how a step or race that the step waits for settled. Did you mean"
            + " 'albums'? Name the parameter 'albums' and write @Sequential(after = \"albums\").")
        .inFile(source)
        .onLineContaining("Outcome<String> album)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.OUTCOME_NOT_TOLERATED)
  void outcomeOfAStepThatAnotherStepReceivesAsAValue() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel List<String> albums() { return List.of(); }

            @Sequential(after = "albums")
            String page(
                Outcome<List<String>> albums) { return "page"; }

            @Sequential(after = "albums")
            int count(List<String> albums) { return albums.size(); }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Parameter 'albums' of step 'page' receives the Outcome of 'albums', but step 'count'"
            + " receives its value, so 'albums' is not tolerated: its failure fails the run, and 'page' only ever"
            + " sees a success. Receive it as an Outcome in 'count' too, or declare this parameter as"
            + " java.util.List<java.lang.String>.")
        .inFile(source)
        .onLineContaining("Outcome<List<String>> albums)");
    assertWarningCount(compilation, 1);
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .doesNotContain("tolerated()");
  }

  @Test
  @Covers(Message.CONTEXT_TWICE)
  void stepContextTwice() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            @Parallel
            String user(StepContext context,
                StepContext again) { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' declares a StepContext twice: 'again' here and 'context' before it. One"
            + " parameter receives the step's context; remove the other.")
        .inFile(source)
        .onLineContaining("StepContext again)");
    assertErrorCount(compilation, 1);
  }

  /** A StepContext is the context whatever its name: never an input, never a dependency. */
  @Test
  void stepContextOfAnyName() {
    Compilation compilation = compile(runtimeService("Profile", """
        class Profile {
            @Parallel String user(StepContext user) { return user.step(); }

            @Sequential(after = "user")
            String page(StepContext posts, String user) { return user; }

            @Race("quote") int cheap(StepContext context) { return 1; }
            @Race("quote") int fast() { return 2; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("public Result run() throws InterruptedException");
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("service.page(in.context(),");
  }

  @Test
  @Covers(Message.PARAMETER_TYPE_INACCESSIBLE)
  void outcomeOfAPrivateSupertype() {
    JavaFileObject source = runtimeService("Profile", """
        class Profile {
            private interface Named {}
            record User(String name) implements Named {}

            @Parallel User user() { return new User("ada"); }

            @Sequential(after = "user")
            String page(
                Outcome<Named> user) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'user' of step 'page' has type dev.errands.runtime.Outcome<com.acme.Profile"
            + ".Named>, which the generated ProfileOrchestrator cannot name: com.acme.Profile.Named is private.")
        .inFile(source)
        .onLineContaining("Outcome<Named> user)");
    assertErrorCount(compilation, 1);
  }
}
