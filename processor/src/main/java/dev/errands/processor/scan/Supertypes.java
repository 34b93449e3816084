package dev.errands.processor.scan;

import java.util.ArrayDeque;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What a type makes of its generic supertypes: {@code T} of the {@code CompletionStage<T>} that a
 * step returns, {@code E} of the {@code Iterable<E>} that feeds an {@code @Each} parameter.
 */
public final class Supertypes {
  private final Elements elements;
  private final Types types;

  public Supertypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The first type argument that {@code type} gives {@code supertype}, found through its direct
   * supertypes: the bound of a wildcard {@code ? extends B}; {@code Object} for any other wildcard,
   * where {@code supertype} is raw, or where it is no supertype of {@code type}.
   */
  public TypeMirror argument(TypeMirror type, TypeElement supertype) {
    var queue = new ArrayDeque<TypeMirror>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeMirror next = queue.remove();
      if (next instanceof DeclaredType declared && declared.asElement().equals(supertype)) {
        if (declared.getTypeArguments().isEmpty()) {
          break;
        }
        TypeMirror argument = declared.getTypeArguments().get(0);
        if (argument instanceof WildcardType wildcard) {
          return wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : objectType();
        }
        return argument;
      }
      queue.addAll(types.directSupertypes(next));
    }
    return objectType();
  }

  private TypeMirror objectType() {
    return elements.getTypeElement("java.lang.Object").asType();
  }
}
