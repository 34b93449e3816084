package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.type.TypeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The types the processor records, as source text, read back as Jackson types. */
class ValuesTest {
  record Item(String name) {}

  static class Outer {
    record Inner(long id) {}
  }

  private static String parsed(String source) {
    var type = Values.parse(source, ValuesTest.class.getClassLoader());
    return type == null ? null : type.toCanonical();
  }

  @Test
  void sourceTypesAreReadWithTheirNestedClassesGenericsAndArrays() {
    var types = TypeFactory.defaultInstance();
    assertEquals(types.constructType(long.class).toCanonical(), parsed("long"));
    assertEquals(types.constructType(String.class).toCanonical(), parsed("java.lang.String"));
    assertEquals(types.constructType(Item.class).toCanonical(), parsed("dev.errands.temporal.ValuesTest.Item"));
    assertEquals(types.constructType(Outer.Inner.class).toCanonical(), parsed("dev.errands.temporal.ValuesTest.Outer.Inner"));
    assertEquals(types.constructCollectionType(List.class, Item.class).toCanonical(),
        parsed("java.util.List<dev.errands.temporal.ValuesTest.Item>"));
    assertEquals(types.constructMapType(Map.class, types.constructType(Long.class),
        types.constructCollectionType(List.class, BigDecimal.class)).toCanonical(),
        parsed("java.util.Map<java.lang.Long, java.util.List<java.math.BigDecimal>>"));
    assertEquals(types.constructArrayType(int.class).toCanonical(), parsed("int[]"));
    assertEquals(types.constructArrayType(types.constructArrayType(Item.class)).toCanonical(),
        parsed("dev.errands.temporal.ValuesTest.Item[][]"));
    assertEquals(types.constructParametricType(Optional.class, String.class).toCanonical(),
        parsed("java.util.Optional<? extends java.lang.String>"));
    assertEquals(types.constructCollectionType(List.class, Object.class).toCanonical(), parsed("java.util.List<?>"));
    assertEquals(types.constructCollectionType(List.class, String.class).toCanonical(),
        parsed("java.util.List<java.lang.@org.example.Nullable String>"));
  }

  @Test
  void whatCannotBeResolvedHereIsUntyped() {
    assertNull(parsed("void"));
    assertNull(parsed("T"));
    assertNull(parsed("java.util.List<T>"));
    assertNull(parsed("com.acme.Missing"));
    assertNull(parsed("java.util.List<java.lang.String"));
    assertNull(parsed("java.util.List<java.lang.String, java.lang.String>"));
  }
}
