package dev.errands.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Source files for compile-testing, and compiling them with the Errands processor. */
final class Sources {
  private Sources() {}

  /**
   * {@code com.acme.<name>}, a file that imports what services use: {@code dev.errands.*}, {@code
   * java.util.*} and {@code java.util.concurrent.*}.
   */
  static JavaFileObject service(String name, String body) {
    return JavaFileObjects.forSourceString("com.acme." + name, """
        package com.acme;

        import dev.errands.*;
        import java.util.*;
        import java.util.concurrent.*;

        """ + body);
  }

  /** How each compilation was made, to compile it again where compile-testing cannot show. */
  private record Recipe(Supplier<List<Processor>> processors, List<JavaFileObject> sources) {}

  private static final Map<Compilation, Recipe> RECIPES = Collections.synchronizedMap(new WeakHashMap<>());

  static Compilation compile(JavaFileObject... sources) {
    return compile(() -> List.of(new ErrandsProcessor()), sources);
  }

  /** Compiles with fresh {@code processors}: a processor instance serves one compilation. */
  static Compilation compile(Supplier<List<Processor>> processors, JavaFileObject... sources) {
    Compilation compilation = javac().withProcessors(processors.get()).compile(sources);
    RECIPES.put(compilation, new Recipe(processors, List.of(sources)));
    return compilation;
  }

  /** Asserts that nothing was generated for {@code com.acme.<orchestrator>}. */
  static void assertNoOrchestrator(Compilation compilation, String orchestrator) {
    assertWithMessage("generated sources")
        .that(generatedSources(compilation))
        .doesNotContain("com/acme/" + orchestrator + ".java");
  }

  /** Asserts that {@code com.acme.<orchestrator>} was generated, even when the compilation failed. */
  static void assertOrchestrator(Compilation compilation, String orchestrator) {
    assertWithMessage("generated sources")
        .that(generatedSources(compilation))
        .contains("com/acme/" + orchestrator + ".java");
  }

  /**
   * The sources that Errands writes for a compilation, as paths. compile-testing shows generated
   * files only when the compilation succeeded, so the sources are compiled again, on disk.
   */
  private static Set<String> generatedSources(Compilation compilation) {
    Recipe recipe = RECIPES.get(compilation);
    try (DiskCompilation disk = DiskCompilation.compile(recipe.processors().get(), recipe.sources())) {
      return disk.generatedSources();
    }
  }

  /** Asserts the exact number of errors, so that no follow-on error hides among them. */
  static void assertErrorCount(Compilation compilation, int expected) {
    assertWithMessage("errors: %s", compilation.errors())
        .that(compilation.errors().size())
        .isEqualTo(expected);
  }

  /** Asserts the exact number of warnings. */
  static void assertWarningCount(Compilation compilation, int expected) {
    List<String> warnings = compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
        .map(d -> d.getMessage(null))
        .toList();
    assertWithMessage("warnings: %s", warnings).that(warnings.size()).isEqualTo(expected);
  }
}
