package dev.errands.processor.validate;

import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.model.WorkflowModel;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The service class, as the orchestrator must use it: not private, not generic, and with an
 * orchestrator name that no other class takes.
 */
final class ServiceClassValidator implements Validator {
  private final Elements elements;
  private final Reporter reporter;
  private final String processorName;
  private final Map<String, String> written;

  /**
   * @param written the orchestrators this processor has written in this build so far, by
   *     qualified name, each to the service class it runs
   */
  ServiceClassValidator(Elements elements, Reporter reporter, String processorName, Map<String, String> written) {
    this.elements = elements;
    this.reporter = reporter;
    this.processorName = processorName;
    this.written = written;
  }

  @Override
  public void validate(WorkflowModel model) {
    TypeElement service = model.service();
    String orchestrator = model.orchestratorName().simpleName();
    for (Element e = service; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        if (type == service) {
          reporter.report(Message.SERVICE_PRIVATE, service, service.getQualifiedName(), "is private", orchestrator, "it");
        } else {
          reporter.report(
              Message.SERVICE_PRIVATE, service, service.getQualifiedName(),
              "is nested in private class " + type.getQualifiedName(), orchestrator, type.getSimpleName());
        }
        break;
      }
    }
    for (Element e = service; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (!type.getTypeParameters().isEmpty()) {
        String parameters = Names.typeParameters(type.getTypeParameters());
        reporter.report(Message.SERVICE_GENERIC, service, service.getQualifiedName(), type == service
            ? "declares type parameters " + parameters
            : "is an inner class of the generic class " + type.getQualifiedName() + parameters);
        break;
      }
      if (type.getKind() != ElementKind.CLASS || type.getNestingKind() != NestingKind.MEMBER
          || type.getModifiers().contains(Modifier.STATIC)) {
        break; // a static class does not see the type parameters of the classes around it
      }
    }
    String name = model.orchestratorName().canonicalName();
    String other = written.get(name);
    if (other != null && !other.equals(model.qualifiedName())) {
      reporter.report(Message.ORCHESTRATOR_NAME_CLASH, service, service.getQualifiedName(), name, other);
      return;
    }
    TypeElement existing = elements.getTypeElement(name);
    if (existing != null && !generatedByUs(existing)) {
      reporter.report(Message.ORCHESTRATOR_NAME_TAKEN, service, service.getQualifiedName(), name);
    }
  }

  /** An orchestrator written by an earlier build is not a name clash. */
  private boolean generatedByUs(TypeElement type) {
    return type.getAnnotationMirrors().stream()
        .filter(m -> ((TypeElement) m.getAnnotationType().asElement())
            .getQualifiedName().contentEquals("javax.annotation.processing.Generated"))
        .anyMatch(m -> m.getElementValues().values().stream()
            .anyMatch(v -> v.toString().contains(processorName)));
  }
}
