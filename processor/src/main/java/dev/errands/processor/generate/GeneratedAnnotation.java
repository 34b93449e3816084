package dev.errands.processor.generate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether an orchestrator can carry {@code @javax.annotation.processing.Generated}: only where its
 * module can see that annotation, so that generated code never needs a {@code requires} its user
 * did not write (AutoValue checks the same before it writes the annotation).
 *
 * <p>On the class path (the unnamed module) every module is read, so the annotation is there
 * whenever {@code java.compiler} is in the compilation, as it always is by default. A named module
 * reads {@code java.compiler} only when it requires it, or requires a module that requires it
 * transitively ({@code java.se}, {@code jdk.compiler}), directly or along a chain of such modules.
 */
final class GeneratedAnnotation {
  static final String NAME = "javax.annotation.processing.Generated";

  private GeneratedAnnotation() {}

  /** Whether the orchestrator of {@code service}, in the same package, may be annotated. */
  static boolean visibleFrom(Elements elements, TypeElement service) {
    TypeElement generated = elements.getTypeElement(NAME);
    if (generated == null) {
      return false; // java.compiler is not among the modules of this compilation
    }
    ModuleElement module = elements.getModuleOf(service);
    ModuleElement home = elements.getModuleOf(generated);
    if (module == null || module.isUnnamed() || home == null) {
      return true; // no modules (source level 8), or the class path, which reads every module
    }
    return reads(module, home);
  }

  /** Readability as JLS 7.7.1 defines it: a requires, then any chain of requires transitive. */
  private static boolean reads(ModuleElement from, ModuleElement target) {
    Deque<ModuleElement> read = new ArrayDeque<>();
    for (RequiresDirective requires : ElementFilter.requiresIn(from.getDirectives())) {
      read.add(requires.getDependency());
    }
    Set<String> seen = new HashSet<>();
    while (!read.isEmpty()) {
      ModuleElement module = read.pop();
      if (!seen.add(module.getQualifiedName().toString())) {
        continue;
      }
      if (module.getQualifiedName().contentEquals(target.getQualifiedName())) {
        return true;
      }
      for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
        if (requires.isTransitive()) {
          read.add(requires.getDependency());
        }
      }
    }
    return false;
  }
}
