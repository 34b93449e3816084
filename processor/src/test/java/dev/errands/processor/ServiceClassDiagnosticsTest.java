package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.assertOrchestrator;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about the service class as a whole, and which classes can be service classes. */
class ServiceClassDiagnosticsTest {

  @Test
  @Covers(Message.SERVICE_PRIVATE)
  void privateServiceClass() {
    JavaFileObject source = service("Outer", """
        class Outer {
            private static class Hidden {
                @Parallel int one() { return 1; }
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Service class com.acme.Outer.Hidden is private, so the generated"
            + " Outer_HiddenOrchestrator cannot use it. Make it package-private or wider.")
        .inFile(source)
        .onLineContaining("class Hidden");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "Outer_HiddenOrchestrator");
  }

  @Test
  @Covers(Message.SERVICE_PRIVATE)
  void serviceClassNestedInAPrivateClass() {
    JavaFileObject source = service("Outer", """
        class Outer {
            private static class Hidden {
                static class Service {
                    @Parallel int one() { return 1; }
                }
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Service class com.acme.Outer.Hidden.Service is nested in private class"
            + " com.acme.Outer.Hidden, so the generated Outer_Hidden_ServiceOrchestrator cannot use it."
            + " Make Hidden package-private or wider.")
        .inFile(source)
        .onLineContaining("class Service");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "Outer_Hidden_ServiceOrchestrator");
  }

  @Test
  @Covers(Message.SERVICE_GENERIC)
  void genericServiceClass() {
    JavaFileObject source = service("Box", """
        class Box<T> {
            @Parallel T content() { return null; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Service class com.acme.Box declares type parameters <T>; Errands cannot"
            + " write an orchestrator for a generic class. Move the steps to a class without type"
            + " parameters.")
        .inFile(source)
        .onLineContaining("class Box<T>");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "BoxOrchestrator");
  }

  @Test
  @Covers(Message.SERVICE_GENERIC)
  void innerClassOfAGenericClass() {
    JavaFileObject source = service("Box", """
        class Box<T> {
            class Opener {
                @Parallel T content() { return null; }
            }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Service class com.acme.Box.Opener is an inner class of the generic class"
            + " com.acme.Box<T>; Errands cannot write an orchestrator for a generic class.")
        .inFile(source)
        .onLineContaining("class Opener");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "Box_OpenerOrchestrator");
  }

  @Test
  void staticClassNestedInAGenericClassIsNotGeneric() {
    Compilation compilation = compile(service("Box", """
        class Box<T> {
            static class Opener {
                @Parallel String content() { return "x"; }
            }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.Box_OpenerOrchestrator");
  }

  @Test
  @Covers(Message.ORCHESTRATOR_NAME_TAKEN)
  void orchestratorNameTaken() {
    JavaFileObject source = service("Weather", """
        class Weather {
            @Parallel String today() { return "sunny"; }
        }
        """);
    JavaFileObject taken = service("WeatherOrchestrator", """
        class WeatherOrchestrator {}
        """);
    Compilation compilation = compile(source, taken);
    assertThat(compilation)
        .hadErrorContaining("The orchestrator of com.acme.Weather would be com.acme.WeatherOrchestrator,"
            + " but a class of that name already exists. Rename that class or the service class.")
        .inFile(source)
        .onLineContaining("class Weather");
    assertErrorCount(compilation, 1);
  }

  /** {@code A.B} and {@code A_B} both want {@code A_BOrchestrator}: once a crash of the Filer. */
  @Test
  @Covers(Message.ORCHESTRATOR_NAME_CLASH)
  void twoServiceClassesWantOneOrchestrator() {
    JavaFileObject nested = service("A", """
        class A {
            static class B {
                @Parallel int one() { return 1; }
            }
        }
        """);
    JavaFileObject topLevel = service("A_B", """
        class A_B {
            @Parallel int two() { return 2; }
        }
        """);
    Compilation compilation = compile(nested, topLevel);
    assertThat(compilation)
        .hadErrorContaining("The orchestrator of com.acme.A_B would be com.acme.A_BOrchestrator, which is"
            + " already the orchestrator of com.acme.A.B. Rename one of the two classes.")
        .inFile(topLevel)
        .onLineContaining("class A_B");
    assertErrorCount(compilation, 1);
    assertOrchestrator(compilation, "A_BOrchestrator");
  }

  @Test
  @Covers(Message.TIMEOUT_WITHOUT_STEPS)
  void timeoutOnAClassWithoutSteps() {
    JavaFileObject source = service("Idle", """
        @Timeout(5)
        class Idle {
            int one() { return 1; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Timeout on class com.acme.Idle has no effect: the class declares no steps."
            + " Annotate the methods it should run with @Parallel, @Sequential or @Race, or remove"
            + " @Timeout.")
        .inFile(source)
        .onLineContaining("@Timeout(5)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "IdleOrchestrator");
  }

  @Test
  void nestedServiceClassGetsAnOrchestratorNamedAfterItsPath() {
    Compilation compilation = compile(service("Outer", """
        class Outer {
            static class Inner {
                @Parallel int one() { return 1; }
            }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.Outer_InnerOrchestrator");
    assertThat(compilation)
        .generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "META-INF/errands/com.acme.Outer.Inner.mmd");
  }

  /** An interface, an enum and a record are classes to call steps on like any other. */
  @Test
  void interfaceEnumAndRecordServices() {
    Compilation compilation = compile(
        service("Api", """
            interface Api {
                @Parallel int one();
                @Sequential(after = "one") default int two(int one) { return one + 1; }
            }
            """),
        service("Mode", """
            enum Mode {
                FAST;
                @Parallel int one() { return 1; }
            }
            """),
        service("Point", """
            record Point(int x) {
                @Parallel int x2() { return 2 * x; }
            }
            """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ApiOrchestrator");
    assertThat(compilation).generatedSourceFile("com.acme.ModeOrchestrator");
    assertThat(compilation).generatedSourceFile("com.acme.PointOrchestrator");
  }
}
