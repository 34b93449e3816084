package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Workflows too large for Java's own limits, and large ones that are not. */
class LimitsDiagnosticsTest {

  /** A class of {@code steps} parallel steps; the first {@code valued} return a long, the rest are void. */
  private static JavaFileObject wide(String name, int steps, int valued) {
    StringBuilder body = new StringBuilder("class " + name + " {\n");
    for (int i = 0; i < steps; i++) {
      body.append(i < valued
          ? "    @Parallel long s" + i + "() { return " + i + "; }\n"
          : "    @Parallel void s" + i + "() {}\n");
    }
    return service(name, body.append("}\n").toString());
  }

  @Test
  @Covers(Message.RESULT_TOO_LARGE)
  void aResultRecordOfMoreThan254SlotsIsAClearError() {
    JavaFileObject source = wide("Wide", 130, 130); // 130 longs: 260 slots
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("The Result record of com.acme.Wide would have 130 components taking 260 parameter"
            + " slots, more than a Java constructor may take (254; long and double take two). Make the steps"
            + " whose values nobody reads void, or split the workflow into several service classes.")
        .inFile(source)
        .onLineContaining("class Wide");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "WideOrchestrator");
  }

  @Test
  @Covers(Message.INPUTS_TOO_MANY)
  void runWithMoreThan254SlotsOfInputsIsAClearError() {
    StringBuilder body = new StringBuilder("class Inputs {\n    @Parallel void all(");
    for (int i = 0; i < 128; i++) {
      body.append(i == 0 ? "" : ", ").append("double d").append(i);
    }
    JavaFileObject source = service("Inputs", body.append(") {}\n}\n").toString());
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("run() of com.acme.Inputs would take 128 workflow inputs taking 256 parameter slots")
        .inFile(source)
        .onLineContaining("class Inputs");
    assertErrorCount(compilation, 1);
  }

  @Test
  void aThousandStepsCompileAsStatementsNotOneChain() {
    Compilation compilation = compile(wide("Thousand", 1_000, 100));
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("com.acme.ThousandOrchestrator")
        .contentsAsUtf8String()
        .contains("private static final Workflow<Thousand, Result> WORKFLOW = declare();");
  }
}
