package dev.errands.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.errands.processor.generate.MermaidWriter;
import dev.errands.processor.generate.OrchestratorGenerator;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.scan.Annotations;
import dev.errands.processor.scan.MissingTypes;
import dev.errands.processor.scan.ServiceScanner;
import dev.errands.processor.validate.WorkflowValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes an orchestrator for every service class: every class that declares a method annotated
 * with {@code @Parallel}, {@code @Sequential} or {@code @Race}.
 *
 * <p>Each class goes through three stages: {@link ServiceScanner} reads it into a model, {@link
 * WorkflowValidator} reports every problem on its precise element, and only a class without errors
 * reaches {@link OrchestratorGenerator}. A class whose steps name a type that does not exist yet
 * (made by another processor) waits for a later round. An exception never reaches javac: it
 * becomes an error on the class it happened in, and the other classes go on.
 */
@AutoService(Processor.class)
public final class ErrandsProcessor extends AbstractProcessor {
  static final String NAME = ErrandsProcessor.class.getName();

  /** Classes waiting for a type that another processor has not generated yet, by name. */
  private final Map<String, MissingTypes.Missing> deferred = new LinkedHashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Annotations.PARALLEL, Annotations.SEQUENTIAL, Annotations.RACE, Annotations.TIMEOUT);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Map<String, TypeElement> services = new TreeMap<>(); // sorted: the same order every build
    for (String name : deferred.keySet()) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        services.put(name, type);
      }
    }
    deferred.clear();
    for (String annotation : Annotations.STEP_ANNOTATIONS) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
      if (type == null) {
        continue;
      }
      for (Element method : round.getElementsAnnotatedWith(type)) {
        if (method.getEnclosingElement() instanceof TypeElement service) {
          services.put(service.getQualifiedName().toString(), service);
        }
      }
    }
    for (TypeElement service : services.values()) {
      process(service, round.processingOver());
    }
    if (round.processingOver()) {
      Reporter reporter = new Reporter(processingEnv.getMessager());
      deferred.forEach((name, missing) -> reporter.report(
          Message.MISSING_TYPE, missing.where(), name, missing.type(), missing.where().getSimpleName()));
      deferred.clear();
    }
    return false;
  }

  private void process(TypeElement service, boolean lastRound) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    try {
      var missing = MissingTypes.find(service);
      if (missing.isPresent()) {
        if (lastRound) {
          reporter.report(Message.MISSING_TYPE, missing.get().where(), service.getQualifiedName(),
              missing.get().type(), missing.get().where().getSimpleName());
        } else {
          deferred.put(service.getQualifiedName().toString(), missing.get());
        }
        return;
      }
      var elements = processingEnv.getElementUtils();
      var types = processingEnv.getTypeUtils();
      WorkflowModel model = new ServiceScanner(elements, types).scan(service);
      if (!new WorkflowValidator(elements, types, reporter, NAME).validate(model)) {
        return;
      }
      JavaFile file = new OrchestratorGenerator(NAME).generate(model);
      file.writeTo(processingEnv.getFiler());
      writeDiagram(model);
    } catch (Throwable e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      reporter.report(Message.PROCESSOR_BUG, service, service.getQualifiedName(), trace);
    }
  }

  /** {@code META-INF/errands/com.acme.Outer.Inner.mmd}: the workflow's Mermaid flowchart. */
  private void writeDiagram(WorkflowModel model) throws IOException {
    FileObject resource = processingEnv.getFiler().createResource(
        StandardLocation.CLASS_OUTPUT, "", "META-INF/errands/" + model.qualifiedName() + ".mmd", model.service());
    try (Writer writer = resource.openWriter()) {
      writer.write(MermaidWriter.write(model));
    }
  }

}
