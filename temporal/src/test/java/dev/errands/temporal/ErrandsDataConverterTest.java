package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ErrandsDataConverterTest {
  record Post(String title, long likes) {}
  record Page(String user, List<Post> posts, Optional<String> weather) {}
  enum Mood { SUNNY, GREY }

  private final DataConverter converter = ErrandsDataConverter.trusting("dev.errands.temporal.");

  private Object roundTrip(Object value) {
    var payload = converter.toPayload(new Wire.Value(value)).orElseThrow();
    return converter.fromPayload(payload, Wire.Value.class, Wire.Value.class).value();
  }

  @Test
  void valuesComeBackWithTheirClasses() {
    for (Object value : List.<Object>of(
        "text", 42, 42L, 4.5, true, 'c', Mood.GREY, Duration.ofSeconds(3),
        new Post("Hello", 3L),
        new Page("Ada", List.of(new Post("a", 1), new Post("b", 2)), Optional.of("sunny")),
        List.of(1L, 2L), List.of("a", "b", "c"), List.of(), new ArrayList<>(List.of(new Post("x", 0))),
        Arrays.asList("x", null), Map.of("k", new Post("v", 1)),
        1.5f, (short) 3, (byte) 4, BigInteger.TEN, new BigDecimal("1.10"), Instant.ofEpochSecond(5),
        UUID.fromString("00000000-0000-0000-0000-000000000001"), new LinkedList<>(List.of("l")), List.of(Mood.GREY))) {
      Object back = roundTrip(value);
      assertEquals(value, back, () -> "round trip of " + value + " (" + value.getClass() + ")");
      if (!(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
        assertEquals(value.getClass(), back.getClass());
      }
    }
    assertEquals(null, roundTrip(null));
    assertArrayEquals(new int[] {1, 2}, (int[]) roundTrip(new int[] {1, 2}));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) roundTrip(new byte[] {1, 2}));
    assertArrayEquals(new char[] {'a'}, (char[]) roundTrip(new char[] {'a'}));
  }

  /** The JSON {@code value} crosses as, at an untyped place (the field of a {@link Wire.Value}). */
  private String json(DataConverter converter, Object value) {
    var payload = converter.toPayload(new Wire.Value(value)).orElseThrow();
    assertEquals("json/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
    String json = payload.getData().toStringUtf8();
    return json.substring("{\"value\":".length(), json.length() - 1);
  }

  private String json(Object value) {
    return json(converter, value);
  }

  @Test
  void untypedValuesAreWrittenAsPlainJsonWithStableTypeNames() {
    assertEquals("[\"a\",\"b\"]", json(List.of("a", "b")));
    assertEquals("[{\"@type\":\"Long\",\"@value\":1},2,2.5]", json(List.of(1L, 2, 2.5)));
    assertEquals("{\"k\":[]}", json(Map.of("k", List.of())));
    // A JSON integer reads as the first of int, long, BigInteger that holds it: only others are named.
    assertEquals("[10000000000,{\"@type\":\"BigInteger\",\"@value\":1},99999999999999999999]",
        json(List.of(10_000_000_000L, BigInteger.ONE, new BigInteger("99999999999999999999"))));
    assertEquals(List.of(10_000_000_000L, BigInteger.ONE, new BigInteger("99999999999999999999")),
        roundTrip(List.of(10_000_000_000L, BigInteger.ONE, new BigInteger("99999999999999999999"))));
    assertEquals("{\"@type\":\"Set\",\"@value\":[\"s\"]}", json(new java.util.HashSet<>(List.of("s"))));
    assertEquals("{\"@type\":\"SortedMap\",\"@entries\":[[1,\"a\"]]}", json(new TreeMap<>(Map.of(1, "a"))));
    assertEquals("{\"@entries\":[[{\"@type\":\"Long\",\"@value\":42},\"Ada\"]]}", json(hashMap(42L, "Ada")));
    assertEquals("{\"@type\":\"Optional\",\"@value\":\"x\"}", json(Optional.of("x")));
    assertEquals("{\"@type\":\"Optional\"}", json(Optional.empty()));
    assertEquals("{\"@type\":\"BigDecimal\",\"@value\":\"1.10\"}", json(new BigDecimal("1.10")));
    assertEquals("{\"@type\":\"Instant\",\"@value\":\"1970-01-01T00:00:05Z\"}", json(Instant.ofEpochSecond(5)));
    assertEquals("{\"@type\":\"int[]\",\"@value\":[1,2]}", json(new int[] {1, 2}));
    // A record of a trusted package: its class name, as a fallback; its fields as their types say.
    assertEquals("{\"@type\":\"" + Page.class.getName() + "\",\"user\":\"Ada\",\"posts\":[{\"title\":\"a\",\"likes\":1}],"
        + "\"weather\":\"sunny\"}", json(new Page("Ada", List.of(new Post("a", 1)), Optional.of("sunny"))));
    for (Object value : List.of(List.of(1, 2, 3), List.of(List.of()), Map.of("a", List.of(1)), Arrays.asList("x", null),
        new LinkedList<>(List.of("l")), List.of(Map.of()))) {
      assertTrue(!json(value).contains("@type") && !json(value).contains("java."), json(value));
    }
  }

  record Invoice(String number, BigDecimal total) {}
  record RenamedInvoice(String number, BigDecimal total) {}

  @Test
  void aNamedClassCrossesUnderItsNameAndARenamedOneUnderItsAlias() {
    DataConverter named = ErrandsDataConverter.builder().type("invoice", Invoice.class).build();
    String json = json(named, new Invoice("A-1", new BigDecimal("9.90")));
    assertEquals("{\"@type\":\"invoice\",\"number\":\"A-1\",\"total\":\"9.90\"}", json);
    assertEquals(new Invoice("A-1", new BigDecimal("9.90")), fromJson(named, json));
    // Renamed, the class is read under its old name: the stable one, or the class name stored.
    DataConverter renamed = ErrandsDataConverter.builder().type("invoice", RenamedInvoice.class)
        .alias(Invoice.class.getName(), RenamedInvoice.class).build();
    assertEquals(new RenamedInvoice("A-1", new BigDecimal("9.90")), fromJson(renamed, json));
    String stored = json(converter, new Invoice("A-2", BigDecimal.ONE));
    assertTrue(stored.contains(Invoice.class.getName()), stored);
    assertEquals(new RenamedInvoice("A-2", BigDecimal.ONE), fromJson(renamed, stored));
    // Without the alias, the old class name is not loaded: its class is gone (here: not trusted).
    var e = assertThrows(DataConverterException.class, () -> fromJson(ErrandsDataConverter.builder()
        .type("invoice", RenamedInvoice.class).build(), stored));
    assertTrue(String.valueOf(e.getCause()).contains("alias"), String.valueOf(e.getCause()));
  }

  @Test
  void aNameIsGivenOnce() {
    var builder = ErrandsDataConverter.builder().type("invoice", Invoice.class);
    assertThrows(IllegalArgumentException.class, () -> builder.type("invoice", RenamedInvoice.class));
    assertThrows(IllegalArgumentException.class, () -> builder.type("bill", Invoice.class));
    assertThrows(IllegalArgumentException.class, () -> builder.alias("invoice", RenamedInvoice.class));
    assertThrows(IllegalArgumentException.class, () -> builder.type("Long", RenamedInvoice.class));
    assertThrows(IllegalArgumentException.class, () -> builder.type("x[]", RenamedInvoice.class));
    assertThrows(IllegalArgumentException.class, () -> builder.trusting(""));
  }

  private static Object fromJson(DataConverter converter, String json) {
    var payload = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("{\"value\":" + json + "}")).build();
    return converter.fromPayload(payload, Wire.Value.class, Wire.Value.class).value();
  }

  record Key(String region, int shard) {}
  record Holder(Object anything, Map<Long, String> typed, Optional<String> declared) {}

  private static <K, V> Map<K, V> hashMap(K key, V value) {
    var map = new HashMap<K, V>();
    map.put(key, value);
    return map;
  }

  @Test
  void mapsWithKeysThatAreNotStringsKeepTheirKeys() {
    var tree = new TreeMap<Integer, String>();
    tree.put(3, "c");
    tree.put(1, "a");
    tree.put(2, "b");
    var linked = new LinkedHashMap<Long, String>();
    linked.put(9L, "nine");
    linked.put(1L, "one");
    var mixed = new HashMap<Object, Object>();
    mixed.put("text", 1);
    mixed.put(2L, Mood.SUNNY);
    mixed.put(null, "null key");
    var nested = new HashMap<Long, Object>();
    nested.put(1L, hashMap(2, hashMap(Mood.GREY, List.of(3L))));
    var enumMap = new EnumMap<Mood, String>(Mood.class);
    enumMap.put(Mood.SUNNY, "s");
    for (Object value : List.<Object>of(
        hashMap(42L, "Ada"), Map.of(1, "a"), tree, linked, mixed, nested, enumMap,
        hashMap(Mood.GREY, new Post("p", 1)), hashMap(new Key("eu", 2), "shard"),
        hashMap(UntypedValues.ENTRIES, List.of("a string key that looks like the marker")),
        Map.of(4.5, 'c', 'd', true), List.of(hashMap(7L, "in a list")), Map.of("k", hashMap(8L, "in a map")),
        new Holder(hashMap(5L, "in an Object field"), hashMap(6L, "typed"), Optional.of("d")))) {
      Object back = roundTrip(value);
      assertEquals(value, back, () -> "round trip of " + value);
      assertEquals(describe(value), describe(back), () -> "round trip of " + value);
      if (value instanceof Map<?, ?> map) {
        assertEquals(new ArrayList<>(map.keySet()).toString(), new ArrayList<>(((Map<?, ?>) back).keySet()).toString(),
            "iteration order of " + value);
      }
    }
    assertEquals(TreeMap.class, roundTrip(tree).getClass());
    assertEquals(LinkedHashMap.class, roundTrip(linked).getClass());
  }

  record Tagged(Map<String, String> tags) {}

  @Test
  void mapsWithKeysThatLookLikeMarkersComeBackAsTheyWere() {
    var tags = Map.of("@type", "not a type", "@entries", "not entries", "@value", "v");
    assertEquals(tags, roundTrip(tags));
    assertEquals(new Tagged(tags), roundTrip(new Tagged(tags)));
    assertEquals(Map.of("@value", "v"), roundTrip(Map.of("@value", "v")));
    // As a value of a declared type crosses: plainly, read as a workflow reads it, then as its type.
    var type = com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructMapType(Map.class, String.class, String.class);
    assertEquals(tags, Values.read(converter, roundTrip(Values.declared(tags, type)), type, "tags"));
  }

  @Test
  void optionalsComeBackAsOptionals() {
    var listOfOptionals = new ArrayList<Object>();
    listOfOptionals.add(Optional.of(42L));
    listOfOptionals.add(Optional.empty());
    for (Object value : List.<Object>of(
        Optional.of("x"), Optional.empty(), Optional.of(42L), Optional.of(new Post("p", 1)), Optional.of(Optional.of(1)),
        Optional.of(hashMap(1L, "a")), listOfOptionals, Map.of("k", Optional.of(Mood.GREY)),
        new Holder(Optional.empty(), Map.of(), Optional.empty()))) {
      Object back = roundTrip(value);
      assertEquals(value, back, () -> "round trip of " + value);
      assertEquals(describe(value), describe(back), () -> "round trip of " + value);
    }
  }

  @Test
  void whatJsonCannotCarryIsRefusedNotChanged() {
    var reversed = new TreeMap<Integer, String>(Comparator.reverseOrder());
    reversed.put(1, "a");
    reversed.put(2, "b");
    var e = assertThrows(DataConverterException.class, () -> roundTrip(reversed));
    assertTrue(String.valueOf(e.getMessage()).contains("with a comparator"), e.getMessage());
    var enums = assertThrows(DataConverterException.class, () -> roundTrip(java.util.EnumSet.of(Mood.GREY)));
    assertTrue(String.valueOf(enums.getMessage()).contains("an EnumSet cannot cross Temporal where its type is not declared"),
        enums.getMessage());
    assertEquals(new java.util.HashSet<>(List.of(Mood.GREY)), roundTrip(new java.util.HashSet<>(List.of(Mood.GREY))));
  }

  @Test
  void jsonWrittenByAnotherClientReads() {
    // "@type" anywhere in its object, maps and lists bare.
    assertEquals(new Post("a", 3), fromJson(converter, "{\"title\":\"a\",\"@type\":\"" + Post.class.getName() + "\",\"likes\":3}"));
    assertEquals(Map.of("k", List.of(1, "x", Map.of())), fromJson(converter, "{\"k\":[1,\"x\",{}]}"));
    assertEquals(5L, fromJson(converter, "{\"@value\":5,\"@type\":\"Long\"}"));
  }

  /** The classes of a value, its keys and elements, deeply: what equals() does not check. */
  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?> map) {
      var parts = new ArrayList<String>();
      map.forEach((k, v) -> parts.add(describe(k) + "=" + describe(v)));
      parts.sort(null);
      return "Map" + parts;
    }
    if (value instanceof List<?> list) {
      return "List" + list.stream().map(ErrandsDataConverterTest::describe).toList();
    }
    if (value instanceof Optional<?> optional) {
      return "Optional[" + optional.map(ErrandsDataConverterTest::describe).orElse("empty") + "]";
    }
    if (value instanceof Holder h) {
      return "Holder[" + describe(h.anything()) + ", " + describe(h.typed()) + ", " + describe(h.declared()) + "]";
    }
    return value.getClass().getSimpleName() + ":" + value;
  }

  @Test
  void classesOutsideTheTrustedPackagesAreRefusedBothWays() {
    var payload = ErrandsDataConverter.trusting("dev.errands.temporal.")
        .toPayload(new Wire.Value(new Post("Hello", 1))).orElseThrow();
    var stranger = ErrandsDataConverter.trusting("com.acme.");
    var e = assertThrows(DataConverterException.class, () -> stranger.fromPayload(payload, Wire.Value.class, Wire.Value.class));
    assertTrue(String.valueOf(e.getCause()).contains("'" + Post.class.getName() + "' is neither one the ErrandsDataConverter names"),
        String.valueOf(e.getCause()));
    assertTrue(String.valueOf(e.getCause()).contains("it is not loaded"), String.valueOf(e.getCause()));
    // A class named in a payload is never loaded unless trusted, JDK classes included.
    for (String name : List.of("java.net.URI", "java.util.ImmutableCollections$List12", "java.lang.ProcessBuilder",
        "com.acme.Gadget[]")) {
      var refused = assertThrows(DataConverterException.class, () -> fromJson(converter, "{\"@type\":\"" + name + "\"}"));
      assertTrue(String.valueOf(refused.getCause()).contains("it is not loaded"), String.valueOf(refused.getCause()));
    }
    // Nor is one written: a step returning it fails at once, saying why.
    var unwritable = assertThrows(DataConverterException.class, () -> json(java.net.URI.create("https://example.org/")));
    assertTrue(String.valueOf(unwritable.getMessage()).contains("a java.net.URI cannot cross Temporal where its type is not declared"),
        unwritable.getMessage());
  }
}
