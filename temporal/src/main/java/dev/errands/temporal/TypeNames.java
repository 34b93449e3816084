package dev.errands.temporal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The names that values at untyped places cross with ({@code "@type"}), both ways: the JDK's value
 * types under fixed short names, the classes an {@link ErrandsDataConverter.Builder} named, read-only
 * aliases, and, as a fallback, the class name of a class in a trusted package. No other class is
 * ever named in a payload or loaded from one.
 */
final class TypeNames {
  /** The field that names a value's type. */
  static final String TYPE = "@type";
  /** The field that holds a named value that JSON writes as no object (a number, a string, an array). */
  static final String VALUE = "@value";

  /** The name of a declared value written as the JSON it is (see {@code Values.DeclaredSerializer}). */
  static final String JSON = "errands.Json";

  /** The JDK's value types, and errands' own, by their wire names: fixed, part of the format. */
  private static final Map<String, Class<?>> BUILT_IN = new LinkedHashMap<>();

  static {
    for (Class<?> c : List.<Class<?>>of(Object.class, String.class, Boolean.class, Character.class, Byte.class, Short.class,
        Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
        Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, OffsetTime.class,
        ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class, MonthDay.class, ZoneId.class,
        ZoneOffset.class, DayOfWeek.class, Month.class, Optional.class)) {
      BUILT_IN.put(c.getSimpleName(), c);
    }
    // Kinds of collection, not classes: a list crosses as a bare JSON array, a map of string keys as
    // a bare object; the others say which kind they are.
    BUILT_IN.put("Set", LinkedHashSet.class);
    BUILT_IN.put("SortedSet", TreeSet.class);
    BUILT_IN.put("SortedMap", TreeMap.class);
    BUILT_IN.put("errands.Settled", Wire.Settled.class);
    BUILT_IN.put(JSON, com.fasterxml.jackson.databind.JsonNode.class); // read as a tree, never a class
    for (Class<?> c : List.<Class<?>>of(boolean.class, char.class, byte.class, short.class, int.class, long.class,
        float.class, double.class)) {
      BUILT_IN.put(c.getName(), c);
    }
  }

  private final Map<String, Class<?>> classes; // every name read: built in, named, aliases
  private final Map<Class<?>, String> names; // the name each named class is written with
  private final List<String> trusted;

  TypeNames(Map<String, Class<?>> named, Map<String, Class<?>> aliases, List<String> trusted) {
    var classes = new LinkedHashMap<>(BUILT_IN);
    var names = new LinkedHashMap<Class<?>, String>();
    BUILT_IN.forEach((name, c) -> names.putIfAbsent(c, name));
    named.forEach((name, c) -> {
      classes.put(name, c);
      names.put(c, name);
    });
    classes.putAll(aliases);
    this.classes = Collections.unmodifiableMap(classes);
    this.names = Collections.unmodifiableMap(names);
    this.trusted = List.copyOf(trusted);
  }

  /** Whether {@code name} is taken by the format itself. */
  static boolean builtIn(String name) {
    return BUILT_IN.containsKey(name) || name.endsWith("[]");
  }

  /**
   * The name {@code value} crosses with at an untyped place, or null when its JSON says what it is
   * (a string, an {@code int}, a {@code double}, a boolean, a list, a map that is not sorted).
   *
   * @throws IllegalArgumentException when its class is neither built in, named nor trusted
   */
  String nameOf(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof List<?> || value instanceof Map<?, ?> && !(value instanceof SortedMap<?, ?>)
        || value instanceof Long l && (int) (long) l != l // a JSON integer reads as the first of int, long,
        || value instanceof BigInteger b && b.bitLength() > 63) { // BigInteger that holds it
      return null;
    }
    return nameOf(value.getClass());
  }

  String nameOf(Class<?> c) {
    if (c.isEnum() || c.isAnonymousClass() && c.getSuperclass() != null && c.getSuperclass().isEnum()) {
      c = c.isEnum() ? c : c.getSuperclass(); // an enum constant with a body
    }
    String name = names.get(c);
    if (name != null) {
      return name;
    }
    if (com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(c)) {
      return JSON; // a declared value read as the JSON it is, forwarded
    }
    if (c.isArray()) {
      return nameOf(c.getComponentType()) + "[]";
    }
    if (EnumSet.class.isAssignableFrom(c)) { // Jackson writes its elements by name alone
      throw new IllegalArgumentException("an EnumSet cannot cross Temporal where its type is not declared: its JSON"
          + " would not say its enum, and it would come back a set of strings; declare its type, or pass another Set");
    }
    if (SortedSet.class.isAssignableFrom(c)) {
      return "SortedSet";
    }
    if (Set.class.isAssignableFrom(c)) {
      return "Set";
    }
    if (SortedMap.class.isAssignableFrom(c)) {
      return "SortedMap";
    }
    if (Optional.class.isAssignableFrom(c)) {
      return "Optional";
    }
    if (ZoneId.class.isAssignableFrom(c)) {
      return "ZoneId"; // the JDK's ZoneRegion
    }
    if (isTrusted(c.getName())) {
      return c.getName();
    }
    throw new IllegalArgumentException("a " + c.getName() + " cannot cross Temporal where its type is not declared:"
        + " its class is neither one the ErrandsDataConverter names (ErrandsDataConverter.builder().type(name, class))"
        + " nor in a package it trusts " + trusted);
  }

  /**
   * The class {@code name} stands for.
   *
   * @throws IllegalArgumentException when it stands for none, or for a class that is not trusted
   */
  Class<?> classOf(String name, ClassLoader loader) {
    Objects.requireNonNull(name, TYPE);
    Class<?> c = classes.get(name);
    if (c != null) {
      return c;
    }
    if (name.endsWith("[]")) {
      return Array.newInstance(classOf(name.substring(0, name.length() - 2), loader), 0).getClass();
    }
    if (!isTrusted(name)) {
      throw new IllegalArgumentException("the type '" + name + "' is neither one the ErrandsDataConverter names"
          + " (ErrandsDataConverter.builder().type(name, class), or .alias(oldName, class) for a class renamed)"
          + " nor a class in a package it trusts " + trusted + "; it is not loaded");
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("the type '" + name + "' names a class that is not on this class path"
          + " (renamed? name it with ErrandsDataConverter.builder().alias(\"" + name + "\", TheNewClass.class))", e);
    }
  }

  private boolean isTrusted(String className) {
    for (String prefix : trusted) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  List<String> trusted() {
    return trusted;
  }
}
