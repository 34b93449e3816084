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
 * Diagnostics about step parameters: results they receive and workflow inputs. Each parameter sits
 * on a line of its own, so that the tests see the error on the parameter, not on its method.
 */
class ParameterDiagnosticsTest {

  @Test
  @Covers(Message.PARAMETER_NOT_IN_AFTER)
  void parameterNamedLikeAStepNotInAfter() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user() { return "ada"; }
            @Parallel String weather() { return "sunny"; }

            @Sequential(after = "weather")
            String page(String weather,
                        String user) {
                return user + weather;
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'user' of step 'page' is named like the step 'user', but 'user' is not"
            + " in the step's after, so it would be a workflow input. Add it to after:"
            + " @Sequential(after = {\"weather\", \"user\"}), or rename the parameter.")
        .inFile(source)
        .onLineContaining("String user)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.PARAMETER_NOT_IN_AFTER)
  void parameterOfARacerNamedLikeARace() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("price") int cheap() { return 1; }
            @Race("price") int fast() { return 2; }

            @Race("discount") int first(
                int price) { return price; }
            @Race("discount") int second(int amount) { return 0; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'price' of step 'first' is named like the race 'price', but 'price' is"
            + " not in the step's after, so it would be a workflow input. Add it to after:"
            + " @Race(value = \"discount\", after = \"price\"), or rename the parameter.")
        .inFile(source)
        .onLineContaining("int price)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_NOT_IN_AFTER)
  void parameterNamedLikeItsOwnStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            String user(
                String user) { return user; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'user' of step 'user' is named like the step 'user', but 'user' is not"
            + " in the step's after, so it would be a workflow input. A step cannot wait for itself: rename"
            + " the parameter.")
        .inFile(source)
        .onLineContaining("String user)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_NAMED_LIKE_RACER)
  void parameterNamedLikeARacer() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("quote") int cheap() { return 1; }
            @Race("quote") int fast() { return 2; }

            @Sequential(after = "quote")
            int total(
                int cheap) { return cheap; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'cheap' of step 'total' is named like racer 'cheap' of race 'quote'; a"
            + " step receives the result of a race, never of one of its racers. Name the parameter 'quote'"
            + " and write @Sequential(after = \"quote\"), or rename it.")
        .inFile(source)
        .onLineContaining("int cheap)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_TYPE)
  void parameterTypeCannotHoldTheResult() {
    JavaFileObject source = service("Profile", """
        class Profile {
            record User(String name) {}

            @Parallel CompletableFuture<User> user() { return null; }

            @Sequential(after = "user")
            String page(
                String user) { return user; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'user' of step 'page' has type java.lang.String, which cannot hold the"
            + " result of 'user' (com.acme.Profile.User). Declare the parameter as com.acme.Profile.User or a"
            + " supertype.")
        .inFile(source)
        .onLineContaining("String user)");
    assertErrorCount(compilation, 1);
  }

  @Test
  void parameterOfASupertypeOrAWiderPrimitiveHoldsTheResult() {
    Compilation compilation = compile(service("Profile", """
        class Profile {
            @Parallel ArrayList<String> names() { return new ArrayList<>(); }
            @Parallel int count() { return 1; }

            @Sequential(after = {"names", "count"})
            String page(List<String> names, long count) { return names + " " + count; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  @Covers(Message.PARAMETER_VOID)
  void parameterBoundToAVoidStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel void audit() {}

            @Sequential(after = "audit")
            String page(
                Object audit) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'audit' of step 'page' receives the result of 'audit', but 'audit'"
            + " returns nothing. Remove the parameter; keep 'audit' in after to wait for it.")
        .inFile(source)
        .onLineContaining("Object audit)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_VOID)
  void parameterBoundToAStageOfVoid() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel CompletableFuture<Void> audit() { return null; }

            @Sequential(after = "audit")
            String page(
                Void audit) { return "page"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'audit' of step 'page' receives the result of 'audit', but 'audit'"
            + " returns nothing.")
        .inFile(source)
        .onLineContaining("Void audit)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.INPUT_TYPES_DIFFER)
  void inputsOfOneNameWithDifferentTypesAreReportedOnTheLaterOne() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel String user(long userId) { return "ada"; }

            @Parallel
            String posts(
                int userId) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Workflow input 'userId' has type int here, but long in step 'user'. Inputs of one"
            + " name are one input: give them the same type, or different names.")
        .inFile(source)
        .onLineContaining("int userId)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.INPUT_TYPE_INACCESSIBLE)
  void inputOfAPrivateType() {
    JavaFileObject source = service("Profile", """
        class Profile {
            private enum Region { EU, US }

            @Parallel
            String user(
                List<Region> regions) { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'regions' of step 'user' is a workflow input of type"
            + " java.util.List<com.acme.Profile.Region>, which the generated ProfileOrchestrator cannot name:"
            + " com.acme.Profile.Region is private. Make it package-private or wider, or use a type the"
            + " orchestrator can see.")
        .inFile(source)
        .onLineContaining("List<Region> regions)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  /** The slip a user met: the step waits for 'hotel', and its parameter 'hotl' became an input of run. */
  @Test
  @Covers(Message.INPUT_NAMED_LIKE_STEP)
  void inputNamedLikeAStepTheStepWaitsFor() {
    JavaFileObject source = service("Trip", """
        class Trip {
            record Flight(String number) {}
            record Hotel(String name) {}

            @Parallel Flight flight() { return new Flight("LX 318"); }
            @Parallel Hotel hotel() { return new Hotel("Bellevue"); }
            @Parallel String weather() { return "sunny"; }

            @Sequential(after = {"flight", "hotel", "weather"})
            String summary(Flight flight,
                           Hotel hotl,
                           String weather) { return flight + " " + hotl + " " + weather; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Parameter 'hotl' of step 'summary' becomes a workflow input of run(), as no step or"
            + " race is named 'hotl'. Did you mean step 'hotel'? The step waits for 'hotel' but receives nothing"
            + " from it: name the parameter 'hotel' to receive its result. If it is meant as an input, give it a"
            + " name less like 'hotel'.")
        .inFile(source)
        .onLineContaining("Hotel hotl,");
    assertWarningCount(compilation, 1);
  }

  @Test
  @Covers(Message.INPUT_NAMED_LIKE_STEP)
  void inputNamedLikeARaceNotInAfter() {
    JavaFileObject source = service("Quotes", """
        class Quotes {
            @Race("quote") int cheap() { return 1; }
            @Race("quote") int fast() { return 2; }

            @Parallel
            String page(
                int qoute) { return "page " + qoute; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Parameter 'qoute' of step 'page' becomes a workflow input of run(), as no step or"
            + " race is named 'qoute'. Did you mean race 'quote'? Name the parameter 'quote' and write"
            + " @Sequential(after = \"quote\") to receive its result. If it is meant as an input, give it a name"
            + " less like 'quote'.")
        .inFile(source)
        .onLineContaining("int qoute)");
    assertWarningCount(compilation, 1);
  }

  /**
   * Inputs that are names of their own: far from every step, longer by a whole word, too short to
   * tell a slip, like a step that produces nothing or like the step itself.
   */
  @Test
  void inputsThatAreNoSlips() {
    Compilation compilation = compile(service("Profile", """
        class Profile {
            @Parallel String user(long userId) { return "ada"; }
            @Parallel String order() { return "book"; }
            @Parallel String go(String id) { return "go"; }
            @Parallel void audit() {}
            @Parallel String hotel(String hotl) { return "Bellevue"; }

            @Sequential(after = "user")
            String page(String user, long orderId, long userId, String userName, String city, String ip, String audt) {
                return user;
            }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** Inputs named like the orchestrator's own members; {@code WORKFLOW} made it uncompilable. */
  @Test
  void inputsNamedLikeMembersOfTheOrchestrator() {
    Compilation compilation = compile(service("Profile", """
        class Profile {
            @Parallel
            String user(String WORKFLOW, int service, int options, int executor, int in) { return "ada"; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
