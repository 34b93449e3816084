package dev.errands.temporal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.Objects;

/**
 * The {@link DataConverter} that errands-temporal needs on both sides (the {@code WorkflowClient}
 * that workers and callers use): JSON by Jackson, as Temporal's default, but with the <em>class</em>
 * of every value written beside it.
 *
 * <p>Why: a workflow declaration has no static Java types (its inputs and results are {@code
 * Object}s that generated code casts), so a step's result must come back from JSON as the record,
 * list, string or number it was. Jackson's polymorphic default typing does that, and is restricted
 * by a {@link com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator}: only classes under
 * the packages you trust, and the JDK's value types ({@code java.lang} numbers, strings, booleans,
 * {@code java.util} collections, {@code java.time}, {@code java.math}), are ever instantiated from a
 * payload.
 *
 * <p>Where nothing declares a type (a step's result, an element of a list, a value of a map, a field
 * of type {@code Object}), a map whose keys are not all strings crosses as a list of typed entries,
 * so that {@code Map<Long, String>} comes back with {@code Long} keys (and a {@code TreeMap} as a
 * {@code TreeMap}), and an {@link java.util.Optional} crosses as itself, not as its contents. A
 * value that cannot come back as it was (a sorted map with a comparator, which JSON cannot carry)
 * is refused when it is written, so that its step fails, saying so, instead of changing it.
 *
 * <p><b>Security.</b> A payload names the class to instantiate. Whoever can write to your Temporal
 * namespace can therefore choose among the allowed classes: list only packages of your own value
 * types (records, enums), never broad ones such as {@code "com."} or {@code "org."}, and keep the
 * namespace closed to untrusted writers as you would a database.
 *
 * <pre>{@code
 * DataConverter converter = ErrandsDataConverter.trusting("com.acme.profile.");
 * WorkflowClient client = WorkflowClient.newInstance(service,
 *     WorkflowClientOptions.newBuilder().setDataConverter(converter).build());
 * }</pre>
 */
public final class ErrandsDataConverter {
  private ErrandsDataConverter() {}

  /**
   * A data converter that lets values of the given packages, and the JDK's value types, cross with
   * their classes.
   *
   * @param packagePrefixes prefixes of class names, such as {@code "com.acme.profile."} (end them
   *     with a dot, so that {@code com.acme.profiler} is not included by accident)
   */
  public static DataConverter trusting(String... packagePrefixes) {
    return DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(objectMapper(packagePrefixes)));
  }

  /** The object mapper behind {@link #trusting}: Temporal's default one, with restricted default typing. */
  public static ObjectMapper objectMapper(String... packagePrefixes) {
    var validator = BasicPolymorphicTypeValidator.builder()
        .allowIfSubType(Number.class)
        .allowIfSubType(String.class)
        .allowIfSubType(Boolean.class)
        .allowIfSubType(Character.class)
        .allowIfSubType("java.util.")
        .allowIfSubType("java.time.")
        .allowIfSubType("java.math.")
        .allowIfSubType("dev.errands.temporal.Wire$")
        .allowIfSubTypeIsArray();
    for (String prefix : packagePrefixes) {
      validator.allowIfSubType(Objects.requireNonNull(prefix, "package prefix"));
    }
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    mapper.activateDefaultTyping(validator.build(), ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
    mapper.registerModule(UntypedValues.module());
    return mapper;
  }
}
