package dev.errands.temporal.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.Wire;
import io.temporal.common.converter.DataConverter;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * REVIEW PROBES (issue 17 point 4): values crossing the wire format at the converter level, the
 * way a step's result crosses: written by one side as {@code Wire.Value}, read by the other at an
 * untyped place and then, where the declaration records a type, read again as that type
 * ({@code Values.read}). Package-private Values is reached by reflection: these probes are outside
 * the package on purpose. Every test FAILS when it finds a defect.
 */
class WireConverterProbeTest {
  record Box<T>(T value, List<T> all) {}

  record Measures(double d, float f, char c, byte b, short s, long l, BigInteger big, BigDecimal exact) {}

  record Point(int x, int y) {}

  record Tagged(@JsonProperty("@type") String kind, String name) {}

  record Renamed(@JsonProperty("sku_code") String sku, int qty) {}

  sealed interface Shape permits Circle, Square {}

  record Circle(double r) implements Shape {}

  record Square(double side) implements Shape {}

  enum Mood {
    SUNNY,
    GREY {
      @Override
      public String toString() {
        return "grey!";
      }
    }
  }

  record Holder(Shape shape, List<Shape> shapes, Mood mood, Point[] points) {}

  private final DataConverter converter = ErrandsDataConverter.builder()
      .type("circle", Circle.class).type("square", Square.class).type("point", Point.class).type("mood", Mood.class)
      .type("box", Box.class).build();

  // --- plumbing: how a value of a declared type crosses (ErrandsWorker writes, StepActivity reads)

  private static Method method(String name, Class<?>... params) throws Exception {
    Method m = Class.forName("dev.errands.temporal.Values").getDeclaredMethod(name, params);
    m.setAccessible(true);
    return m;
  }

  private Object declared(Object value, String typeSource) throws Exception {
    JavaType type = (JavaType) method("parse", String.class, ClassLoader.class).invoke(null, typeSource, getClass().getClassLoader());
    assertTrue(type != null, "type parses: " + typeSource);
    Object wrapped = method("declared", Object.class, JavaType.class).invoke(null, value, type);
    var payload = converter.toPayload(new Wire.Value(wrapped)).orElseThrow();
    Object wire = converter.fromPayload(payload, Wire.Value.class, Wire.Value.class).value();
    try {
      return method("read", DataConverter.class, Object.class, JavaType.class, String.class).invoke(null, converter, wire, type, "probe");
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private Object untyped(Object value) {
    var payload = converter.toPayload(new Wire.Value(value)).orElseThrow();
    return converter.fromPayload(payload, Wire.Value.class, Wire.Value.class).value();
  }

  private static final String P = "dev.errands.temporal.review.WireConverterProbeTest.";

  // --- declared places

  /** Expected: a generic record declared Box<Instant> comes back with Instants, not strings. */
  @Test
  void declaredGenericRecord() throws Exception {
    var box = new Box<>(Instant.ofEpochSecond(5, 7), List.of(Instant.EPOCH));
    assertEquals(box, declared(box, P + "Box<java.time.Instant>"));
  }

  /** Expected: Map<String, List<Optional<Instant>>> with an empty Optional comes back equal. */
  @Test
  void declaredNestedGenerics() throws Exception {
    var value = new LinkedHashMap<String, List<Optional<Instant>>>();
    value.put("b", List.of(Optional.of(Instant.ofEpochSecond(1, 2)), Optional.empty()));
    value.put("a", List.of());
    Object back = declared(value, "java.util.Map<java.lang.String, java.util.List<java.util.Optional<java.time.Instant>>>");
    assertEquals(value, back);
    assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) back).keySet()), "LinkedHashMap order");
  }

  /**
   * Expected: a list holding a null (not Optional.empty) at List<Optional<String>> comes back with
   * its null, as in-process. A changed value is what the format promises never to make.
   */
  @Test
  void declaredNullElementInListOfOptionals() throws Exception {
    List<Optional<String>> value = Arrays.asList(Optional.of("x"), null, Optional.empty());
    assertEquals(value, declared(value, "java.util.List<java.util.Optional<java.lang.String>>"));
  }

  /** Expected: char/byte/short/float/long extremes, BigInteger and BigDecimal exact, in a declared record. */
  @Test
  void declaredScalars() throws Exception {
    var m = new Measures(0.1, 0.1f, 'é', (byte) -128, Short.MIN_VALUE, Long.MAX_VALUE,
        new BigInteger("123456789012345678901234567890"), new BigDecimal("1.10"));
    assertEquals(m, declared(m, P + "Measures"));
    var small = new Measures(-0.0, Float.MIN_VALUE, '\0', (byte) 0, (short) 0, Long.MIN_VALUE, BigInteger.ONE,
        new BigDecimal("1E+3"));
    assertEquals(small, declared(small, P + "Measures"));
  }

  /**
   * Expected: a record with a double field NaN / Infinity crosses (a step may compute 0.0/0.0). It
   * does in-process; Jackson writes NaN as "NaN".
   */
  @Test
  void declaredRecordWithNaNAndInfinity() throws Exception {
    var m = new Measures(Double.NaN, Float.POSITIVE_INFINITY, 'a', (byte) 1, (short) 1, 1, BigInteger.ONE, BigDecimal.ONE);
    assertEquals(m, declared(m, P + "Measures"));
  }

  /** Expected: a declared double result NaN crosses. */
  @Test
  void declaredDoubleNaN() throws Exception {
    assertEquals(Double.NaN, declared(Double.NaN, "double"));
    assertEquals(Double.NEGATIVE_INFINITY, declared(Double.NEGATIVE_INFINITY, "java.lang.Double"));
  }

  /** Expected: List<Double> with NaN crosses. */
  @Test
  void declaredListOfDoublesWithNaN() throws Exception {
    List<Double> value = List.of(1.0, Double.NaN);
    assertEquals(value, declared(value, "java.util.List<java.lang.Double>"));
  }

  /** Expected: very large longs exact at declared long and Long places. */
  @Test
  void declaredLargeLongs() throws Exception {
    assertEquals(Long.MAX_VALUE, declared(Long.MAX_VALUE, "long"));
    assertEquals(List.of(Long.MIN_VALUE, 3L), declared(List.of(Long.MIN_VALUE, 3L), "java.util.List<java.lang.Long>"));
  }

  /** Expected: a declared Set keeps the iteration order of the LinkedHashSet it was (as in-process). */
  @Test
  void declaredSetKeepsOrder() throws Exception {
    var value = new LinkedHashSet<>(List.of("zeta", "alpha", "mid", "beta", "omega", "k1", "k2", "k3"));
    Object back = declared(value, "java.util.Set<java.lang.String>");
    assertEquals(value, back);
    assertEquals(new ArrayList<>(value), new ArrayList<>((Set<?>) back), "iteration order of the set");
  }

  /**
   * Expected: a TreeSet with a comparator either crosses in its order or is refused saying so, as a
   * TreeMap with a comparator is (README: "a value is never changed on the way").
   */
  @Test
  void declaredSortedSetWithComparator() throws Exception {
    var value = new TreeSet<String>(Comparator.reverseOrder());
    value.addAll(List.of("a", "b", "c"));
    Object back;
    try {
      back = declared(value, "java.util.SortedSet<java.lang.String>");
    } catch (Exception refused) {
      return; // refused: fine
    }
    assertEquals(List.of("c", "b", "a"), new ArrayList<>((Set<?>) back), "the order of a reverse-ordered TreeSet");
  }

  /** Expected: same at an untyped place (a hand-built declaration). */
  @Test
  void untypedSortedSetWithComparator() {
    var value = new TreeSet<String>(Comparator.reverseOrder());
    value.addAll(List.of("a", "b", "c"));
    Object back;
    try {
      back = untyped(value);
    } catch (RuntimeException refused) {
      return; // refused: fine
    }
    assertEquals(List.of("c", "b", "a"), new ArrayList<>((Set<?>) back), "the order of a reverse-ordered TreeSet");
  }

  /**
   * Expected: a map with record keys at a declared place crosses, or is refused when written,
   * saying so; not written as toString() keys that cannot be read back.
   */
  @Test
  void declaredMapWithRecordKeys() throws Exception {
    Map<Point, String> value = Map.of(new Point(1, 2), "a");
    Object back;
    try {
      back = declared(value, "java.util.Map<" + P + "Point, java.lang.String>");
    } catch (Exception e) {
      assertFalse(e.getMessage().contains("probe cannot be read"), "refused only when read, not when written: " + e.getMessage());
      return;
    }
    assertEquals(value, back);
  }

  /** Expected: a record whose JSON field is "@type" (JSON-LD style) crosses at a declared place. */
  @Test
  void declaredRecordWithAtTypeProperty() throws Exception {
    var value = new Tagged("Person", "Ada");
    assertEquals(value, declared(value, P + "Tagged"));
  }

  /** Expected: @JsonProperty renames a field both ways. */
  @Test
  void declaredRecordWithJsonProperty() throws Exception {
    var value = List.of(new Renamed("tea", 2));
    assertEquals(value, declared(value, "java.util.List<" + P + "Renamed>"));
  }

  /** Expected: a sealed interface, enum with a body, array of records: all back equal at declared places. */
  @Test
  void declaredSealedEnumsArrays() throws Exception {
    var value = new Holder(new Circle(1.5), List.of(new Square(2), new Circle(0)), Mood.GREY, new Point[] {new Point(1, 2), null});
    Holder back = (Holder) declared(value, P + "Holder");
    assertEquals(value.shape(), back.shape());
    assertEquals(value.shapes(), back.shapes());
    assertEquals(Mood.GREY, back.mood());
    assertEquals(Arrays.asList(value.points()), Arrays.asList(back.points()));
    Point[] points = (Point[]) declared(new Point[] {new Point(3, 4)}, P + "Point[]");
    assertEquals(new Point(3, 4), points[0]);
  }

  /** Expected: empty collections and Optional.empty at declared places. */
  @Test
  void declaredEmpties() throws Exception {
    assertEquals(List.of(), declared(List.of(), "java.util.List<java.lang.String>"));
    assertEquals(Map.of(), declared(Map.of(), "java.util.Map<java.lang.String, java.lang.Integer>"));
    assertEquals(Set.of(), declared(Set.of(), "java.util.Set<java.lang.Long>"));
    assertEquals(Optional.empty(), declared(Optional.empty(), "java.util.Optional<java.lang.String>"));
  }

  // --- untyped places

  /** Expected: each comes back equal and of its class at an untyped place. */
  @Test
  void untypedScalars() {
    for (Object value : List.<Object>of('x', (byte) 1, (short) 2, 1.5f, Float.NaN, Double.NaN, Double.POSITIVE_INFINITY, -0.0,
        Long.MAX_VALUE, Long.MIN_VALUE, 5L, BigInteger.valueOf(5), BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(63).negate(),
        new BigDecimal("0.1000000000000000055511151231257827021181583404541015625"), new BigDecimal("1E+3"),
        Mood.GREY, Mood.SUNNY, Optional.empty(), Optional.of(Optional.empty()), new char[] {'a'}, "")) {
      Object back = untyped(value);
      if (value instanceof char[] cs) {
        assertEquals(new String(cs), new String((char[]) back));
        continue;
      }
      assertEquals(value, back, () -> "round trip of " + value + " (" + value.getClass() + ")");
      assertEquals(value.getClass(), back.getClass(), "class of " + value);
    }
  }

  /** Expected: nested generics and nulls at untyped places. */
  @Test
  void untypedNested() {
    var value = new LinkedHashMap<String, Object>();
    value.put("z", Arrays.asList(Optional.of(Instant.ofEpochSecond(1, 5)), Optional.empty(), null));
    value.put("a", new Box<>(Instant.EPOCH, List.of(Instant.EPOCH)));
    value.put("@value", List.of(Collections.emptyMap(), Set.of(), List.of()));
    value.put("points", new Point[] {new Point(1, 1)});
    value.put("keys", Map.of(new Point(1, 1), 1L, 7, "x"));
    var back = (Map<?, ?>) untyped(value);
    assertEquals(new ArrayList<>(value.keySet()), new ArrayList<>(back.keySet()));
    assertEquals(value.get("z"), back.get("z"));
    assertEquals(value.get("a"), back.get("a"));
    assertEquals(value.get("@value"), back.get("@value"));
    assertEquals(new Point(1, 1), ((Point[]) back.get("points"))[0]);
    assertEquals(value.get("keys"), back.get("keys"));
  }

  /** Expected: a LinkedHashSet at an untyped place keeps its order. */
  @Test
  void untypedSetKeepsOrder() {
    var value = new LinkedHashSet<>(List.of("zeta", "alpha", "mid", "beta", "omega", "k1", "k2", "k3"));
    assertEquals(new ArrayList<>(value), new ArrayList<>((Set<?>) untyped(value)));
  }
}
