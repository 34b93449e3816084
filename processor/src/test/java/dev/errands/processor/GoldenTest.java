package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source of a few workflows, compared with files a person has read: {@code
 * golden/X.java} must generate exactly {@code golden/XOrchestrator.java}.
 */
class GoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"ProfileService", "DinnerService", "BeyondService", "HedgedService"})
  void generatesTheGoldenOrchestrator(String service) {
    Compilation compilation = compile(service);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme." + service + "Orchestrator")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/" + service + "Orchestrator.java"));
  }

  /**
   * The text exactly, Javadoc and comments included (hasSourceEquivalentTo above compares the code
   * alone): what the orchestrator says of each step and race is part of what it generates.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ProfileService", "DinnerService", "BeyondService", "HedgedService"})
  void generatesTheGoldenTextExactly(String service) throws IOException {
    org.junit.jupiter.api.Assertions.assertEquals(
        resource("/golden/" + service + "Orchestrator.java"), generated(compile(service)));
  }

  @Test
  void theSameSourceGeneratesTheSameBytes() throws IOException {
    String first = generated(compile("DinnerService"));
    String second = generated(compile("DinnerService"));
    org.junit.jupiter.api.Assertions.assertEquals(first, second);
  }

  /** The Mermaid text exactly (hasSourceEquivalentTo above ignores the Javadoc that holds it). */
  @ParameterizedTest
  @ValueSource(strings = {"DinnerService", "BeyondService", "HedgedService"})
  void writesTheGoldenMermaidDiagram(String service) throws IOException {
    String diagram = compile(service)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/errands/com.acme." + service + ".mmd")
        .orElseThrow()
        .getCharContent(true)
        .toString();
    org.junit.jupiter.api.Assertions.assertEquals(resource("/golden/" + service + ".mmd"), diagram);
  }

  @Test
  void writesTheMermaidDiagramAsAResource() throws IOException {
    Compilation compilation = compile("DinnerService");
    String diagram = compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/errands/com.acme.DinnerService.mmd")
        .orElseThrow()
        .getCharContent(true)
        .toString();
    org.junit.jupiter.api.Assertions.assertTrue(diagram.startsWith("flowchart LR\n"), diagram);
    org.junit.jupiter.api.Assertions.assertTrue(diagram.contains("race_pizza --> step_dinner"), diagram);
    org.junit.jupiter.api.Assertions.assertTrue(
        generated(compilation).contains(diagram.replace("\n    ", "\n *     ").strip()), "the Javadoc holds the same diagram");
  }

  private static Compilation compile(String service) {
    return javac()
        .withProcessors(new ErrandsProcessor())
        .compile(JavaFileObjects.forResource("golden/" + service + ".java"));
  }

  private static String resource(String name) throws IOException {
    try (var in = GoldenTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String generated(Compilation compilation) throws IOException {
    return compilation.generatedSourceFiles().get(0).getCharContent(true).toString();
  }

}
