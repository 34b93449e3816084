package dev.errands.processor.validate;

import dev.errands.processor.model.WorkflowModel;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Whether the generated orchestrator, a top-level class in the service class's package, can name a
 * type: the orchestrator writes the types of results and inputs into its {@code Result} record,
 * its casts and the parameters of {@code run}.
 */
final class Access {
  private final Elements elements;

  Access(Elements elements) {
    this.elements = elements;
  }

  /** Why the orchestrator of {@code model} cannot name {@code type}, or empty when it can. */
  Optional<String> whyNot(TypeMirror type, WorkflowModel model) {
    return whyNot(type, elements.getPackageOf(model.service()));
  }

  /** Why code in {@code from} cannot name {@code type}, or empty when it can. */
  private Optional<String> whyNot(TypeMirror type, PackageElement from) {
    if (type instanceof ArrayType array) {
      return whyNot(array.getComponentType(), from);
    }
    if (type instanceof WildcardType wildcard) {
      Optional<String> extendsBound = wildcard.getExtendsBound() == null
          ? Optional.empty() : whyNot(wildcard.getExtendsBound(), from);
      return extendsBound.isPresent() || wildcard.getSuperBound() == null
          ? extendsBound : whyNot(wildcard.getSuperBound(), from);
    }
    if (!(type instanceof DeclaredType declared)) {
      return Optional.empty(); // primitives; type variables are reported as generic steps
    }
    for (Element e = declared.asElement(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return Optional.of(t.getSimpleName() + " is a local class");
      }
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return Optional.of(t.getQualifiedName() + " is private");
      }
      if (!t.getModifiers().contains(Modifier.PUBLIC) && !elements.getPackageOf(t).equals(from)) {
        return Optional.of(t.getQualifiedName() + " is "
            + (t.getModifiers().contains(Modifier.PROTECTED) ? "protected" : "package-private")
            + " in another package");
      }
    }
    for (TypeMirror argument : declared.getTypeArguments()) {
      Optional<String> why = whyNot(argument, from);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }
}
