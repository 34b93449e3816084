package dev.errands.processor.scan;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Finds types in the steps' signatures that do not exist yet: a type another annotation processor
 * generates in this build appears in a later round, so the class is processed then.
 */
public final class MissingTypes {
  private MissingTypes() {}

  /** A type that is not there yet, and the element whose signature names it. */
  public record Missing(String type, Element where) {}

  public static Optional<Missing> find(TypeElement service) {
    for (ExecutableElement method : ElementFilter.methodsIn(service.getEnclosedElements())) {
      if (method.getAnnotationMirrors().stream()
          .noneMatch(m -> Annotations.STEP_ANNOTATIONS.contains(Annotations.nameOf(m)))) {
        continue;
      }
      if (isMissing(method.getReturnType())) {
        return Optional.of(new Missing(method.getReturnType().toString(), method));
      }
      for (VariableElement parameter : method.getParameters()) {
        if (isMissing(parameter.asType())) {
          return Optional.of(new Missing(parameter.asType().toString(), parameter));
        }
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
    if (type.getKind() == TypeKind.ARRAY) {
      return isMissing(((javax.lang.model.type.ArrayType) type).getComponentType());
    }
    return false;
  }
}
