package dev.errands.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.errands.processor.generate.MermaidWriter;
import dev.errands.processor.generate.OrchestratorGenerator;
import dev.errands.processor.model.WorkflowModel;
import dev.errands.processor.scan.Annotations;
import dev.errands.processor.scan.MissingTypes;
import dev.errands.processor.scan.ServiceScanner;
import dev.errands.processor.validate.LocalClassSteps;
import dev.errands.processor.validate.WorkflowValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes an orchestrator for every service class: every class that declares a method annotated
 * with {@code @Parallel}, {@code @Sequential} or {@code @Race}. Classes where {@code @Timeout},
 * {@code @Retry} or {@code @Each} appear are looked at too, to report them where they have no
 * effect.
 *
 * <p>Each class goes through three stages: {@link ServiceScanner} reads it into a model, {@link
 * WorkflowValidator} reports every problem on its precise element, and only a class without errors
 * reaches {@link OrchestratorGenerator}. A class whose steps name a type that does not exist yet
 * (made by another processor) waits for a later round. An exception never reaches javac: it
 * becomes an error on the class it happened in, and the other classes go on. A class of the
 * processor's own that cannot be found or linked is reported as what it is, a broken installation,
 * not as a bug in the user's class.
 */
@AutoService(Processor.class)
public final class ErrandsProcessor extends AbstractProcessor {
  static final String NAME = ErrandsProcessor.class.getName();

  /** Classes waiting for a type that another processor has not generated yet, by name. */
  private final Map<String, MissingTypes.Missing> deferred = new LinkedHashMap<>();

  /** The orchestrators written so far, by qualified name, each to its service class. */
  private final Map<String, String> written = new HashMap<>();

  /** Sees steps in local and anonymous classes; null when the compiler is not javac. */
  private LocalClassSteps localClassSteps;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    try {
      localClassSteps = LocalClassSteps.create(processingEnv);
    } catch (LinkageError e) {
      localClassSteps = null; // a compiler without javac's tree API (com.sun.source) at all
    }
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.copyOf(Annotations.ALL);
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
    if (round.processingOver() && round.errorRaised()) {
      // javac stopped early because of an error elsewhere: what is missing may never have had its
      // chance to be generated, so it is no error of its own.
      return false;
    }
    for (String annotation : Annotations.ALL) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
      if (type == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(type)) {
        // A @Timeout on the class; a step, @Timeout or @Retry on a method; an @Each on a parameter.
        Element owner = element.getKind() == ElementKind.PARAMETER ? element.getEnclosingElement() : element;
        if (owner instanceof TypeElement service) {
          services.put(service.getQualifiedName().toString(), service);
        } else if (owner != null && owner.getEnclosingElement() instanceof TypeElement service) {
          services.put(service.getQualifiedName().toString(), service);
        }
      }
    }
    for (TypeElement service : services.values()) {
      process(service, round.processingOver());
    }
    checkLocalClasses(round, new Reporter(processingEnv.getMessager()));
    return false;
  }

  private void process(TypeElement service, boolean lastRound) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    try {
      var missing = MissingTypes.find(service);
      if (missing.isPresent()) {
        if (lastRound) {
          reportMissing(reporter, missing.get());
        } else {
          deferred.put(service.getQualifiedName().toString(), missing.get());
        }
        return;
      }
      var elements = processingEnv.getElementUtils();
      var types = processingEnv.getTypeUtils();
      WorkflowModel model = new ServiceScanner(elements, types).scan(service);
      if (!new WorkflowValidator(elements, types, reporter, NAME, written).validate(model)) {
        return;
      }
      JavaFile file = new OrchestratorGenerator(NAME, elements).generate(model);
      written.put(model.orchestratorName().canonicalName(), model.qualifiedName());
      file.writeTo(processingEnv.getFiler());
      writeDiagram(model);
    } catch (Throwable e) {
      reportBug(reporter, service, e);
    }
  }

  private static void reportMissing(Reporter reporter, MissingTypes.Missing missing) {
    reporter.report(
        Message.MISSING_TYPE, missing.where(), missing.annotation(), missing.value(),
        missing.service().getQualifiedName(), missing.what());
  }

  /** Step annotations in local and anonymous classes: the tree API alone sees them. */
  private void checkLocalClasses(RoundEnvironment round, Reporter reporter) {
    if (localClassSteps == null) {
      return;
    }
    for (Element root : round.getRootElements()) {
      if (!(root instanceof TypeElement)) {
        continue; // package-info and module-info declare no methods
      }
      try {
        localClassSteps.check(root, reporter);
      } catch (Throwable e) {
        reportBug(reporter, root, e);
      }
    }
  }

  private static void reportBug(Reporter reporter, Element element, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String name = element instanceof TypeElement type ? type.getQualifiedName().toString() : element.toString();
    String broken = brokenInstallation(e);
    if (broken != null) {
      reporter.report(Message.PROCESSOR_INCOMPLETE, element, name, broken, trace);
    } else {
      reporter.report(Message.PROCESSOR_BUG, element, name, trace);
    }
  }

  /**
   * What is broken when {@code e} comes from a class of the processor that is missing, or that does
   * not fit the others (a jar with classes left out, or two versions on one path); null for any
   * other failure. The processor loads no class of the user's nor of Errands' annotations (it knows
   * them by name), so a class that cannot be found or linked can only be one of its own.
   */
  static String brokenInstallation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClassNotFoundException) {
        return "Its class " + t.getMessage() + " cannot be found";
      }
      if (t instanceof NoClassDefFoundError && t.getMessage() != null
          && !t.getMessage().startsWith("Could not initialize class")) { // a failed static initialiser: a bug
        return "Its class " + t.getMessage().replace('/', '.') + " cannot be found";
      }
      if (t instanceof LinkageError && !(t instanceof NoClassDefFoundError)
          && !(t instanceof ExceptionInInitializerError)) {
        return "Its classes do not fit each other (" + t + ")";
      }
    }
    return null;
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
