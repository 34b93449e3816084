package dev.errands.processor.scan;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Finds what the scanner would read that does not exist yet: a type in a step's signature, or a
 * constant in an Errands annotation, that another annotation processor generates in this build
 * appears in a later round, so the class is processed then.
 */
public final class MissingTypes {
  private MissingTypes() {}

  /**
   * Something that is not there yet, and where it is written.
   *
   * @param service the service class that waits for it
   * @param what what is missing, as the error message says it: "the type Thing returned by step
   *     'thing'"
   * @param where the element whose signature or annotation names it
   * @param annotation the annotation that names it, if any
   * @param value the annotation value that names it, if any
   */
  public record Missing(
      TypeElement service, String what, Element where, AnnotationMirror annotation, AnnotationValue value) {}

  public static Optional<Missing> find(TypeElement service) {
    Optional<Missing> missing = erroneousValue(service, service, Annotations.TIMEOUT, "class " + service.getSimpleName());
    if (missing.isPresent()) {
      return missing;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(service.getEnclosedElements())) {
      if (method.getAnnotationMirrors().stream()
          .noneMatch(m -> Annotations.STEP_ANNOTATIONS.contains(Annotations.nameOf(m)))) {
        continue;
      }
      String step = "step '" + method.getSimpleName() + "'";
      for (String annotation : Annotations.STEP_ANNOTATIONS) {
        missing = erroneousValue(service, method, annotation, step);
        if (missing.isPresent()) {
          return missing;
        }
      }
      for (String annotation : List.of(Annotations.TIMEOUT, Annotations.RETRY)) {
        missing = erroneousValue(service, method, annotation, step);
        if (missing.isPresent()) {
          return missing;
        }
      }
      for (VariableElement parameter : method.getParameters()) {
        missing = erroneousValue(
            service, parameter, Annotations.EACH, "parameter '" + parameter.getSimpleName() + "' of " + step);
        if (missing.isPresent()) {
          return missing;
        }
      }
      if (isMissing(method.getReturnType())) {
        return Optional.of(new Missing(service,
            "the type " + method.getReturnType() + " returned by " + step, method, null, null));
      }
      for (VariableElement parameter : method.getParameters()) {
        if (isMissing(parameter.asType())) {
          return Optional.of(new Missing(service,
              "the type " + parameter.asType() + " of parameter '" + parameter.getSimpleName() + "' of " + step,
              parameter, null, null));
        }
      }
    }
    return Optional.empty();
  }

  /** A written value of {@code annotation} on {@code element} that names something missing. */
  private static Optional<Missing> erroneousValue(
      TypeElement service, Element element, String annotation, String owner) {
    Optional<AnnotationMirror> mirror = Annotations.find(element, annotation);
    if (mirror.isEmpty()) {
      return Optional.empty();
    }
    for (var entry : mirror.get().getElementValues().entrySet()) {
      if (Annotations.isErroneous(entry.getValue())) {
        String member = entry.getKey().getSimpleName().toString();
        String simpleName = annotation.substring(annotation.lastIndexOf('.') + 1);
        return Optional.of(new Missing(service,
            (member.equals("value") ? "the value" : "the " + member + " value") + " of @" + simpleName + " on " + owner,
            element, mirror.get(), entry.getValue()));
      }
    }
    return Optional.empty();
  }

  private static boolean isMissing(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type instanceof DeclaredType declared) {
      return declared.getTypeArguments().stream().anyMatch(MissingTypes::isMissing);
    }
    if (type instanceof WildcardType wildcard) {
      return (wildcard.getExtendsBound() != null && isMissing(wildcard.getExtendsBound()))
          || (wildcard.getSuperBound() != null && isMissing(wildcard.getSuperBound()));
    }
    if (type instanceof ArrayType array) {
      return isMissing(array.getComponentType());
    }
    return false;
  }
}
