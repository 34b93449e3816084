package dev.errands.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.errands.Parallel;
import dev.errands.runtime.Workflow;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A service class in a named module of its own, compiled against the modules {@code dev.errands}
 * and {@code dev.errands.runtime}: its orchestrator is annotated {@code @Generated} only when the
 * module reads {@code java.compiler}, so that it never needs a {@code requires} its user did not
 * write. On the class path the annotation is always there (see {@link GoldenTest}).
 *
 * <p>compile-testing cannot compile a {@code module-info.java} (its file manager offers the file to
 * javac as the descriptor of every module), so these compile on disk, with javac's own file
 * manager. {@code setup-tests} builds and runs such a module with Maven.
 */
class ModuleTest {
  private static final String ORCHESTRATOR = "com/example/trips/TripOrchestrator.java";
  private static final String ANNOTATION = "@Generated(\"dev.errands.processor.ErrandsProcessor\")";

  private static final JavaFileObject SERVICE = JavaFileObjects.forSourceString("com.example.trips.Trip", """
      package com.example.trips;

      import dev.errands.Parallel;
      import dev.errands.Sequential;

      public class Trip {
          @Parallel
          String flight(String city) { return "flight to " + city; }

          @Parallel
          String hotel(String city) { return "hotel in " + city; }

          @Sequential(after = {"flight", "hotel"})
          String plan(String flight, String hotel) { return flight + ", " + hotel; }
      }
      """);

  private static JavaFileObject module(String requires) {
    return JavaFileObjects.forSourceString("module-info", """
        module com.example.trips {
            requires dev.errands;
            requires dev.errands.runtime;
            %s
        }
        """.formatted(requires));
  }

  /**
   * The orchestrator written for {@code module}, compiled on a module path of the two Errands
   * modules with nothing on the class path; fails the test unless everything compiled cleanly.
   */
  private static String orchestrator(JavaFileObject module, String... options) {
    List<String> all = new ArrayList<>(List.of(
        "-Xlint:all,-processing", "-Werror", "--module-path", location(Parallel.class) + File.pathSeparator + location(Workflow.class)));
    all.addAll(List.of(options));
    try (DiskCompilation compilation = DiskCompilation.compile(List.of(new ErrandsProcessor()), all, List.of(module, SERVICE))) {
      assertEquals(List.of(), compilation.diagnostics().stream().map(Object::toString).toList());
      assertTrue(compilation.succeeded());
      return compilation.generatedSource(ORCHESTRATOR);
    }
  }

  private static String location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aModuleThatRequiresOnlyErrandsGetsNoGeneratedAnnotation() {
    String orchestrator = orchestrator(module(""));
    assertFalse(orchestrator.contains("Generated"), orchestrator);
  }

  @Test
  void aModuleThatRequiresJavaCompilerGetsIt() {
    String orchestrator = orchestrator(module("requires java.compiler;"));
    assertTrue(orchestrator.contains(ANNOTATION), orchestrator);
  }

  @Test
  void aModuleThatReadsJavaCompilerThroughRequiresTransitiveGetsIt() {
    String orchestrator = orchestrator(module("requires java.se;")); // java.se requires transitive java.compiler
    assertTrue(orchestrator.contains(ANNOTATION), orchestrator);
  }

  /** The annotation type is in the compilation, but this module does not read its module. */
  @Test
  void javaCompilerAmongTheModulesIsNotEnough() {
    String orchestrator = orchestrator(module(""), "--add-modules", "java.compiler");
    assertFalse(orchestrator.contains("Generated"), orchestrator);
  }
}
