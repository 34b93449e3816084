package dev.errands.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published errands-processor jar stands alone: plain {@code javac}, with that jar and nothing
 * else on its processor path, writes the orchestrator of a service class, and the result runs with
 * errands-annotations and errands-runtime on the class path, as a user's build has them.
 *
 * <p>Runs in Failsafe's integration-test phase, after maven-shade-plugin made the jar (its path in
 * the system property {@code errands.processor.jar}). {@code javac} and {@code java} run as
 * processes of the JDK that runs this test (the build's toolchain), so no class of the tests' class
 * path can stand in for one missing from the jar.
 */
class StandaloneJarIT {
  private static final Path JAR = Path.of(System.getProperty("errands.processor.jar"));
  private static final Path ANNOTATIONS = codeSource(dev.errands.Parallel.class);
  private static final Path RUNTIME = codeSource(dev.errands.runtime.Workflow.class);

  private static final String SERVICE = """
      package com.example.trip;

      import dev.errands.Parallel;
      import dev.errands.Sequential;

      public class Trip {
          @Parallel
          String flight(String city) { return "flight to " + city; }

          @Parallel
          String hotel(String city) { return "hotel in " + city; }

          @Sequential(after = {"flight", "hotel"})
          String plan(String flight, String hotel) { return flight + ", " + hotel; }

          public static void main(String[] args) throws Exception {
              System.out.println(new TripOrchestrator(new Trip()).run("Lisbon").plan());
          }
      }
      """;

  @TempDir Path dir;

  @Test
  void javacWithTheJarAloneOnTheProcessorPath() throws Exception {
    compileAndRun("-processorpath", JAR.toString(), "-cp", classPath(ANNOTATIONS, RUNTIME));
  }

  /** The README's other way: {@code -proc:full} runs the processors found on the class path. */
  @Test
  void javacWithProcFullAndTheJarOnTheClassPath() throws Exception {
    compileAndRun("-proc:full", "-cp", classPath(JAR, ANNOTATIONS, RUNTIME));
  }

  /** JavaPoet inside, relocated; no class outside the processor's package; the entries tools read. */
  @Test
  void jarHoldsTheProcessorWithJavaPoetRelocated() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
      assertTrue(classes.contains("dev/errands/processor/shaded/javapoet/JavaFile.class"), classes.toString());
      for (String name : classes) {
        assertTrue(name.startsWith("dev/errands/processor/"), "a class outside dev.errands.processor: " + name);
      }
      assertEquals("dev.errands.processor.ErrandsProcessor", entry(jar, "META-INF/services/javax.annotation.processing.Processor"));
      assertEquals("dev.errands.processor.ErrandsProcessor,isolating", entry(jar, "META-INF/gradle/incremental.annotation.processors"));
      assertEquals("dev.errands.processor", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
  }

  private void compileAndRun(String... options) throws Exception {
    Path source = dir.resolve("src/com/example/trip/Trip.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, SERVICE);
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("generated");

    List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", classes.toString(), "-s", generated.toString()));
    javac.addAll(List.of(options));
    javac.add(source.toString());
    assertEquals("", run(javac), "javac says nothing when all went well");
    assertTrue(Files.exists(generated.resolve("com/example/trip/TripOrchestrator.java")), "the orchestrator's source");

    String output = run(List.of(tool("java"), "-cp", classPath(classes, ANNOTATIONS, RUNTIME), "com.example.trip.Trip"));
    assertEquals("flight to Lisbon, hotel in Lisbon", output.strip());
  }

  /** Runs {@code command}, asserts it ended well, and returns what it printed. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "still running: " + command);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }

  /** {@code javac} or {@code java} of the JDK that runs this test. */
  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static String classPath(Path... entries) {
    return String.join(File.pathSeparator, Stream.of(entries).map(Path::toString).toList());
  }

  private static String entry(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertTrue(entry != null, "no " + name);
    try (var in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
