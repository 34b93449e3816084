package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

class GoldenTest {
  @Test
  void profileService() {
    Compilation compilation = javac()
        .withProcessors(new ErrandsProcessor())
        .compile(JavaFileObjects.forResource("golden/ProfileService.java"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.ProfileServiceOrchestrator")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/ProfileServiceOrchestrator.java"));
  }
}
