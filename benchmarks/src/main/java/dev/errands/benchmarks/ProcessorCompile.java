package dev.errands.benchmarks;

import dev.errands.processor.ErrandsProcessor;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 7, the processor itself: javac in process (javax.tools) compiles a service class of
 * {@code steps} steps with the Errands processor, which scans, validates and writes the
 * orchestrator, which javac then compiles too. {@code withoutProcessor} compiles the same class
 * with {@code -proc:none}: the difference is what the processor and its output cost. Time per
 * step should stay about flat from 10 to 1,000 steps (linear growth).
 *
 * <p>javac runs on a thread of its own with a 256 MB stack. At a thread's default stack (1 MB
 * here, as for javac in a Maven build) javac itself overflows the stack between 700 and 800 steps:
 * it attributes the generated {@code Workflow.builder()...step(...)...build(...)} as one chained
 * expression, recursively, one level per step. See README.md.
 *
 * <p>The service class: every step takes the input {@code seed}; one step in ten returns an int
 * (the others are void, so the result record stays under the JVM's 255 parameters); step {@code
 * i} waits for step {@code i - 1} and step {@code i / 2}, and receives those that return a value,
 * except every tenth step from 5 on, which starts at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessorCompile {
  @Param({"10", "100", "1000"})
  int steps;

  /** javac's stack: deep enough for a chain of 1,000 {@code .step(...)} calls. */
  private static final long JAVAC_STACK = 256L << 20;

  private JavaCompiler javac;
  private ExecutorService javacThread;
  private StandardJavaFileManager files;
  private JavaFileObject source;
  private Path out;
  private List<String> options;

  @Setup
  public void setUp() throws IOException {
    javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("this Java runtime has no compiler (javax.tools): run on a JDK");
    }
    files = javac.getStandardFileManager(null, null, null);
    javacThread = Executors.newSingleThreadExecutor(r -> new Thread(null, r, "javac", JAVAC_STACK));
    source = new Source("bench.Service" + steps, serviceSource(steps));
    out = Files.createTempDirectory("errands-processor-bench");
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("generated"));
    options = List.of(
        "--release", "21",
        "-classpath", System.getProperty("java.class.path"),
        "-d", out.resolve("classes").toString(),
        "-s", out.resolve("generated").toString(),
        "-implicit:none");
  }

  @TearDown
  public void tearDown() throws IOException {
    javacThread.shutdown();
    files.close();
    try (Stream<Path> paths = Files.walk(out)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Object withProcessor() throws Exception {
    return javacThread.submit(() -> compile(options, List.of(new ErrandsProcessor()))).get();
  }

  @Benchmark
  public Object withoutProcessor() throws Exception {
    List<String> none = new ArrayList<>(options);
    none.add("-proc:none");
    return javacThread.submit(() -> compile(none, List.of())).get();
  }

  private Object compile(List<String> opts, List<Processor> processors) {
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    JavaCompiler.CompilationTask task =
        javac.getTask(Writer.nullWriter(), files, diagnostics, opts, null, List.of(source));
    task.setProcessors(processors);
    if (!task.call()) {
      throw new IllegalStateException("the service of " + steps + " steps did not compile: "
          + diagnostics.getDiagnostics());
    }
    return diagnostics;
  }

  /** The service class of {@code n} steps described in the class comment. */
  static String serviceSource(int n) {
    var s = new StringBuilder();
    s.append("package bench;\n\n")
        .append("import dev.errands.Parallel;\n")
        .append("import dev.errands.Sequential;\n\n")
        .append("public class Service").append(n).append(" {\n");
    for (int i = 0; i < n; i++) {
      boolean returnsValue = i % 10 == 0;
      var after = new TreeSet<Integer>();
      if (i > 0 && i % 10 != 5) {
        after.add(i - 1);
        after.add(i / 2);
      }
      if (after.isEmpty()) {
        s.append("  @Parallel\n");
      } else {
        s.append("  @Sequential(after = {");
        s.append(String.join(", ", after.stream().map(a -> "\"s" + a + "\"").toList()));
        s.append("})\n");
      }
      s.append("  ").append(returnsValue ? "int" : "void").append(" s").append(i).append("(int seed");
      var sum = new StringBuilder("seed");
      for (int a : after) {
        if (a % 10 == 0) {
          s.append(", int s").append(a);
          sum.append(" + s").append(a);
        }
      }
      s.append(") {\n");
      if (returnsValue) {
        s.append("    return ").append(sum).append(";\n");
      }
      s.append("  }\n\n");
    }
    return s.append("}\n").toString();
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
