package dev.errands.temporal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link DataConverter} that errands-temporal needs on both sides (the {@code WorkflowClient}
 * that workers and callers use): Temporal's default one, its JSON ({@code json/plain}) written by
 * Jackson with stable type names where a value's declared type does not say what it is.
 *
 * <p>Values whose type the declaration records (every input and step of a generated orchestrator)
 * cross as plain JSON of that type, with no type name. At untyped places (a field or element
 * declared {@code Object}, an interface, a declaration built by hand) a type name is written where
 * JSON does not say the type: {@code {"@type": "Long", "@value": 5}}, {@code {"@type": "invoice",
 * ...}}. The JDK's value types have fixed names ({@code Long}, {@code Instant}, {@code Set}, {@code
 * SortedMap}, {@code Optional}, ...), never an implementation class; your classes get the names
 * you give them ({@link Builder#type}), or, in a package you trust, their class names; old names
 * stay readable through {@link Builder#alias}, so that renaming a class does not break stored runs.
 *
 * <p>A map whose keys are not all strings crosses as {@code {"@entries": [[key, value], ...]}}, so
 * that {@code Map<Long, String>} comes back with {@code Long} keys; an {@link java.util.Optional}
 * as itself; a sorted map or set with a comparator, which JSON cannot carry, is refused when it is
 * written, so that its step fails, saying so, instead of changing it, and so is a declared map whose
 * keys cannot be read back from a string. A value class of a declared type, whose name the run's
 * declaration records, is renamed with {@link ErrandsWorker#alias}.
 *
 * <p><b>Security.</b> Only the JDK's value types, the classes named or aliased, and classes of the
 * trusted packages are ever built from a payload, or written into one at an untyped place; any
 * other type name is refused before a class is loaded. Trust only packages of your own value types
 * (records, enums), never broad ones such as {@code "com."} or {@code "org."}, and keep the
 * namespace closed to untrusted writers as you would a database.
 *
 * <pre>{@code
 * DataConverter converter = ErrandsDataConverter.builder()
 *     .type("invoice", Invoice.class)
 *     .trusting("com.acme.profile.")
 *     .build();
 * WorkflowClient client = WorkflowClient.newInstance(service,
 *     WorkflowClientOptions.newBuilder().setDataConverter(converter).build());
 * }</pre>
 */
public final class ErrandsDataConverter {
  private ErrandsDataConverter() {}

  /**
   * A data converter that trusts the classes of the given packages: their class names are the
   * fallback type names of their values (see {@link Builder#type} for stable ones).
   *
   * @param packagePrefixes prefixes of class names, such as {@code "com.acme.profile."} (end them
   *     with a dot, so that {@code com.acme.profiler} is not included by accident)
   */
  public static DataConverter trusting(String... packagePrefixes) {
    return builder().trusting(packagePrefixes).build();
  }

  /** A builder of a data converter: the packages it trusts, the names it gives classes, their old names. */
  public static Builder builder() {
    return new Builder();
  }

  /** The object mapper behind {@link #trusting}. */
  public static ObjectMapper objectMapper(String... packagePrefixes) {
    return builder().trusting(packagePrefixes).objectMapper();
  }

  /**
   * What an {@link ErrandsDataConverter} trusts and how it names types. Not thread-safe; what it
   * builds is.
   */
  public static final class Builder {
    private final List<String> trusted = new ArrayList<>();
    private final Map<String, Class<?>> named = new LinkedHashMap<>();
    private final Map<Class<?>, String> names = new LinkedHashMap<>();
    private final Map<String, Class<?>> aliases = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Trusts the classes of the packages {@code packagePrefixes} and those below them (a prefix is a
     * whole package name: {@code "com.acme.profile"} and {@code "com.acme.profile."} both trust
     * {@code com.acme.profile.Invoice}, neither {@code com.acme.profiler.Bomb}): a value of such a
     * class crosses an untyped place with its class name as its type name, unless {@link #type}
     * names it, and such a class name in a payload is loaded. Trust only packages of your own
     * value types (records, enums), never broad ones such as {@code "com."}.
     */
    public Builder trusting(String... packagePrefixes) {
      for (String prefix : packagePrefixes) {
        if (Objects.requireNonNull(prefix, "package prefix").isEmpty()) {
          throw new IllegalArgumentException("an empty package prefix would trust every class");
        }
        // A prefix names a package: "com.acme.profile" trusts com.acme.profile.*, never com.acme.profiler.*.
        trusted.add(prefix.endsWith(".") ? prefix : prefix + ".");
      }
      return this;
    }

    /**
     * Names {@code type}: its values cross untyped places as {@code {"@type": name, ...}}, and
     * {@code name} in a payload reads as {@code type}, whatever its package. A stable name (such as
     * {@code "invoice"}) outlives renaming the class: name the new class the same.
     *
     * @throws IllegalArgumentException when {@code name} is taken (by the format itself, another
     *     class, or an alias), or {@code type} already has a name
     */
    public Builder type(String name, Class<?> type) {
      checkFree(name, type);
      if (names.containsKey(type)) {
        throw new IllegalArgumentException(type.getName() + " is already named '" + names.get(type) + "'");
      }
      named.put(name, type);
      names.put(type, name);
      return this;
    }

    /**
     * Reads {@code oldName} as {@code type}, never writing it: how a class that crossed under its
     * class name (or another name) is renamed without breaking the runs that stored it. Say {@code
     * com.acme.Invoice} became {@code com.acme.billing.Invoice}: {@code
     * alias("com.acme.Invoice", com.acme.billing.Invoice.class)}, and the stored runs read back.
     * The alias is trusted as {@link #type} is, whatever the packages trusted.
     */
    public Builder alias(String oldName, Class<?> type) {
      checkFree(oldName, type);
      aliases.put(oldName, type);
      return this;
    }

    private void checkFree(String name, Class<?> type) {
      Objects.requireNonNull(type, "type");
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("a type name may not be blank");
      }
      if (TypeNames.builtIn(name) || named.containsKey(name) || aliases.containsKey(name)) {
        throw new IllegalArgumentException("the type name '" + name + "' is taken"
            + (TypeNames.builtIn(name) ? " by the wire format itself" : ", by " + (named.containsKey(name) ? named : aliases).get(name).getName()));
      }
    }

    /** The data converter: Temporal's default one, with its JSON written by {@link #objectMapper()}. */
    public DataConverter build() {
      return DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(objectMapper()));
    }

    /** The object mapper behind {@link #build()}: Temporal's default one, with stable type names. */
    public ObjectMapper objectMapper() {
      ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
      mapper.setDefaultTyping(new StableTyping(new TypeNames(named, aliases, trusted)));
      // A BigDecimal as a string: exact, where a JSON number would pass through a double on its way.
      mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
      mapper.registerModule(UntypedValues.module());
      return mapper;
    }
  }
}
