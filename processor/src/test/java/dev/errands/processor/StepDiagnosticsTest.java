package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about one step method: its modifiers, annotations, name and types. */
class StepDiagnosticsTest {

  @Test
  @Covers(Message.STEP_PRIVATE)
  void privateStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            private String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' is private, so the generated orchestrator cannot call it. Make it"
            + " package-private or wider.")
        .inFile(source)
        .onLineContaining("String user()");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.STEP_STATIC)
  void staticStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            static String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' is static; steps are called on the service instance given to the"
            + " orchestrator. Remove 'static'.")
        .inFile(source)
        .onLineContaining("String user()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.STEP_GENERIC)
  void genericStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            <T> T user() { return null; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' declares type parameters <T>; the orchestrator cannot choose them."
            + " Give the method concrete types.")
        .inFile(source)
        .onLineContaining("T user()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.STEP_TWO_ANNOTATIONS)
  void twoStepAnnotations() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Sequential
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' is annotated with both @Parallel and @Sequential; a step has exactly"
            + " one of @Parallel, @Sequential and @Race. Keep one.")
        .inFile(source)
        .onLineContaining("@Sequential");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.STEP_DUPLICATE_NAME)
  void overloadedStepIsReportedOnTheLaterOne() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            String user() { return "ada"; }

            @Parallel
            String user(long id) { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' is declared twice: user(long) here and user() earlier. A step's name"
            + " is its method name, so steps cannot be overloaded; rename one of them.")
        .inFile(source)
        .onLineContaining("String user(long id)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.STEP_RESERVED_NAME)
  void stepNamedLikeAnObjectMethod() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            public String toString() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'toString' cannot be a component of the Result record: a record component"
            + " cannot be named 'toString'. Rename the method.")
        .inFile(source)
        .onLineContaining("String toString()");
    assertErrorCount(compilation, 1);
  }

  @Test
  void voidStepMayHaveAReservedNameAsItIsNoComponent() {
    Compilation compilation = compile(service("Profile", """
        class Profile {
            @Parallel
            protected void finalize() {}
        }
        """));
    assertThat(compilation).succeeded();
  }

  @Test
  @Covers(Message.STEP_TYPE_INACCESSIBLE)
  void stepReturnsAPrivateType() {
    JavaFileObject source = service("Profile", """
        class Profile {
            private record User(String name) {}

            @Parallel
            CompletableFuture<User> user() { return null; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'user' produces com.acme.Profile.User, which the generated ProfileOrchestrator"
            + " cannot name: com.acme.Profile.User is private. Make it package-private or wider, or return"
            + " a type the orchestrator can see.")
        .inFile(source)
        .onLineContaining("CompletableFuture<User> user()");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.STEP_TYPE_INACCESSIBLE)
  void stepReturnsAProtectedTypeOfAnotherPackage() {
    JavaFileObject base = JavaFileObjects.forSourceString("com.other.Base", """
        package com.other;

        public class Base {
            protected static class Secret {}
        }
        """);
    JavaFileObject source = service("Profile", """
        class Profile extends com.other.Base {
            @Parallel
            List<Secret> secrets() { return null; }
        }
        """);
    Compilation compilation = compile(base, source);
    assertThat(compilation)
        .hadErrorContaining("cannot name: com.other.Base.Secret is protected in another package.")
        .inFile(source)
        .onLineContaining("List<Secret> secrets()");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.TIMEOUT_NOT_POSITIVE)
  void stepTimeoutNotPositive() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Timeout(
                0)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Timeout of step 'user' must be positive, but is 0. Give a duration above zero.")
        .inFile(source)
        .onLineContaining("0)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.TIMEOUT_NOT_POSITIVE)
  void workflowTimeoutNotPositive() {
    JavaFileObject source = service("Profile", """
        @Timeout(value = -5, unit = TimeUnit.MILLISECONDS)
        class Profile {
            @Parallel
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Timeout of the workflow Profile must be positive, but is -5.")
        .inFile(source)
        .onLineContaining("@Timeout(value = -5");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.TIMEOUT_NOT_ON_STEP)
  void timeoutOnAMethodThatIsNotAStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            String user() { return "ada"; }

            @Timeout(3)
            String helper() { return "x"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Timeout on method 'helper' has no effect: 'helper' is not a step. Annotate it"
            + " with @Parallel, @Sequential or @Race, or remove @Timeout.")
        .inFile(source)
        .onLineContaining("@Timeout(3)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.LOCAL_CLASS_STEP)
  void stepInALocalClass() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            String user() { return "ada"; }

            void work() {
                class Helper {
                    @Sequential(after = "x")
                    int hidden() { return 1; }
                }
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Sequential on method 'hidden' has no effect: 'hidden' is declared in a local"
            + " class, whose methods annotation processors never see, so no orchestrator runs it. Move the"
            + " steps to a top-level or member class.")
        .inFile(source)
        .onLineContaining("@Sequential(after = \"x\")");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.LOCAL_CLASS_STEP)
  void stepsInAnonymousClassesAndEnumConstantBodies() {
    JavaFileObject source = JavaFileObjects.forSourceString("com.acme.Profile", """
        package com.acme;

        import dev.errands.Parallel;

        class Profile {
            @Parallel
            String user() { return "ada"; }

            Runnable task = new Runnable() {
                @Parallel public void run() {}
            };

            enum Mode {
                FAST {
                    @dev.errands.Race int fast() { return 1; }
                };
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Parallel on method 'run' has no effect: 'run' is declared in an anonymous class")
        .inFile(source)
        .onLineContaining("public void run()");
    assertThat(compilation)
        .hadErrorContaining("@Race on method 'fast' has no effect: 'fast' is declared in an anonymous class")
        .inFile(source)
        .onLineContaining("int fast()");
    assertErrorCount(compilation, 2);
  }

  @Test
  void annotationsOfTheSameNameFromElsewhereAreNotSteps() {
    JavaFileObject parallel = JavaFileObjects.forSourceString("com.other.Parallel", """
        package com.other;

        public @interface Parallel {}
        """);
    JavaFileObject source = JavaFileObjects.forSourceString("com.acme.Profile", """
        package com.acme;

        import com.other.Parallel;

        class Profile {
            @dev.errands.Parallel
            String user() { return "ada"; }

            void work() {
                new Object() {
                    @Parallel void notAStep() {}
                };
            }
        }
        """);
    assertThat(compile(parallel, source)).succeededWithoutWarnings();
  }
}
