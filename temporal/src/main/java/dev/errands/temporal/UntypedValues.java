package dev.errands.temporal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@link ErrandsDataConverter} adds to Jackson so that values in untyped places (a field of
 * type {@code Object}, an element of a raw list, a value of a raw map) come back as they were:
 *
 * <ul>
 *   <li>a map whose key type nothing declares, and which has a key that is not a string (or the
 *       key {@value #ENTRIES}), is written as {@code {"@entries": [[key, value], ...]}} (after
 *       {@code "@type": "SortedMap"} for a sorted one), its keys and values at untyped places; a
 *       map of string keys is a plain JSON object;
 *   <li>an {@link Optional} is written as {@code {"@type": "Optional", "@value": <value>}}
 *       ({@code "@value"} absent when empty), where Jackson alone would write its contents;
 *   <li>a {@link SortedMap} with a comparator is refused: JSON cannot carry the comparator.
 * </ul>
 *
 * Where a type is declared (a record's {@code Map<Long, String>} or {@code Optional<String>}
 * field), Jackson's own handling is kept; but a map with the key {@value #ENTRIES} or {@code
 * "@type"} is written as entries wherever it is, as an untyped place would read those keys as
 * markers.
 */
final class UntypedValues {
  /** The field of a map written as typed entries. */
  static final String ENTRIES = "@entries";

  private UntypedValues() {}

  static SimpleModule module() {
    var module = new SimpleModule("errands-untyped-values");
    module.addSerializer(Values.Declared.class, new Values.DeclaredSerializer());
    // A declared Set comes back in the order it was written, as one at an untyped place does.
    module.addAbstractTypeMapping(Set.class, LinkedHashSet.class);
    module.setSerializerModifier(new BeanSerializerModifier() {
      @Override
      public JsonSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type, BeanDescription desc,
          JsonSerializer<?> serializer) {
        return new MapSerializer(serializer, untypedKeys(type), unreadableKeys(type.getKeyType().getRawClass()));
      }

      @Override
      public JsonSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType type, BeanDescription desc,
          JsonSerializer<?> serializer) {
        Class<?> raw = type.getRawClass();
        boolean sorted = raw.isAssignableFrom(TreeSet.class) || SortedSet.class.isAssignableFrom(raw);
        boolean optionals = type.getContentType().isReferenceType();
        return sorted || optionals ? new CheckedCollectionSerializer(serializer, optionals) : serializer;
      }

      @Override
      public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription desc, JsonSerializer<?> serializer) {
        return desc.getBeanClass() == Optional.class && !(serializer instanceof OptionalSerializer)
            ? new OptionalSerializer(serializer) : serializer;
      }
    });
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type, BeanDescription desc,
          JsonDeserializer<?> deserializer) {
        return new MapDeserializer(deserializer, type);
      }
    });
    return module;
  }

  /** A map type that does not say its keys' type (a raw {@code EnumMap}'s says only {@code Enum}). */
  private static boolean untypedKeys(MapType type) {
    Class<?> key = type.getKeyType().getRawClass();
    return key == Object.class || key == Enum.class;
  }

  /**
   * Why a map with keys of class {@code key} cannot cross as a JSON object, or null: Jackson writes
   * such a key with its {@code toString()}, and reads one back only from a string (a constructor or
   * factory taking one), which a record, a collection or an array does not have.
   */
  static String unreadableKeys(Class<?> key) {
    if (key.isPrimitive() || key.isEnum() || key == Object.class || key == Enum.class) {
      return null;
    }
    boolean container = key.isArray() || Collection.class.isAssignableFrom(key) || Map.class.isAssignableFrom(key)
        || key == Optional.class;
    if (!container && (key.getName().startsWith("java.") || fromString(key))) {
      return null;
    }
    return "a map with keys of type " + key.getName() + " cannot cross Temporal: JSON writes its keys as their toString(),"
        + " which cannot be read back as a " + key.getSimpleName() + "; use a list of entries (records of key and value),"
        + " or keys of a type read from a string (a String, a number, an enum, a UUID)";
  }

  private static boolean fromString(Class<?> c) {
    for (var constructor : c.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == String.class) {
        return true;
      }
    }
    for (var method : c.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1
          && method.getParameterTypes()[0] == String.class && c.isAssignableFrom(method.getReturnType())) {
        return true;
      }
    }
    return false;
  }

  /** Writes {@code value} as if declared {@code Object}: with its class, where default typing writes it. */
  private static void writeTyped(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    if (value == null) {
      provider.defaultSerializeNull(gen);
      return;
    }
    TypeSerializer typeSerializer = provider.findTypeSerializer(provider.constructType(Object.class));
    JsonSerializer<Object> serializer = provider.findValueSerializer(value.getClass());
    if (typeSerializer == null) {
      serializer.serialize(value, gen, provider);
    } else {
      serializer.serializeWithType(value, gen, provider, typeSerializer);
    }
  }

  /** Reads a value written by {@link #writeTyped}; the parser is on its first token. */
  private static Object readTyped(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    return ctxt.findRootValueDeserializer(ctxt.constructType(Object.class)).deserialize(p, ctxt);
  }

  private static void refuseComparator(Object value, JsonGenerator gen) throws JsonMappingException {
    if (value instanceof SortedMap<?, ?> sorted && sorted.comparator() != null) {
      throw JsonMappingException.from(gen, "a " + value.getClass().getName() + " with a comparator ("
          + sorted.comparator().getClass().getName() + ") cannot cross Temporal as it is: JSON cannot carry its comparator,"
          + " and it would come back in its keys' natural order; return its entries as a list, or a map without a comparator");
    }
  }

  /**
   * A collection serializer that refuses what JSON would change: a sorted set with a comparator
   * (it would come back in its elements' natural order, or as another set), and a null among
   * declared {@code Optional}s (JSON writes an empty one as null too, and null reads back empty).
   */
  private static final class CheckedCollectionSerializer extends JsonSerializer<Object>
      implements ContextualSerializer, ResolvableSerializer {
    private final JsonSerializer<Object> delegate;
    private final boolean optionals;

    @SuppressWarnings("unchecked")
    CheckedCollectionSerializer(JsonSerializer<?> delegate, boolean optionals) {
      this.delegate = (JsonSerializer<Object>) delegate;
      this.optionals = optionals;
    }

    private void check(Object value, JsonGenerator gen) throws JsonMappingException {
      if (value instanceof SortedSet<?> sorted && sorted.comparator() != null) {
        throw JsonMappingException.from(gen, "a " + value.getClass().getName() + " with a comparator ("
            + sorted.comparator().getClass().getName() + ") cannot cross Temporal as it is: JSON cannot carry its comparator,"
            + " and it would come back in its elements' natural order; return its elements as a list, or a set without a comparator");
      }
      if (optionals && value instanceof Collection<?> all) {
        for (Object element : all) {
          if (element == null) {
            throw JsonMappingException.from(gen, "a null where Optional is declared cannot cross Temporal: JSON writes an empty"
                + " Optional as null, and it would come back Optional.empty(); use Optional.empty()");
          }
        }
      }
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      check(value, gen);
      delegate.serialize(value, gen, provider);
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      check(value, gen);
      delegate.serializeWithType(value, gen, provider, typeSer);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Object value) {
      return delegate.isEmpty(provider, value);
    }

    @Override
    public Class<Object> handledType() {
      return delegate.handledType();
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
      JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c ? c.createContextual(provider, property) : delegate;
      return contextual == delegate ? this : new CheckedCollectionSerializer(contextual, optionals);
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
      if (delegate instanceof ResolvableSerializer r) {
        r.resolve(provider);
      }
    }
  }

  /** A map serializer that writes typed entries when a key is not a string. */
  private static final class MapSerializer extends JsonSerializer<Object> implements ContextualSerializer, ResolvableSerializer {
    private final JsonSerializer<Object> delegate;
    private final boolean untypedKeys;
    private final String unreadableKeys;

    @SuppressWarnings("unchecked")
    MapSerializer(JsonSerializer<?> delegate, boolean untypedKeys, String unreadableKeys) {
      this.delegate = (JsonSerializer<Object>) delegate;
      this.untypedKeys = untypedKeys;
      this.unreadableKeys = unreadableKeys;
    }

    /**
     * Whether {@code map} is written as entries: where its key type is not declared, when a key is
     * not a string; always, when a key is one that an untyped place reads as a marker.
     */
    private boolean needsEntries(Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (untypedKeys && !(key instanceof String) || ENTRIES.equals(key) || TypeNames.TYPE.equals(key)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      refuseComparator(value, gen);
      if (unreadableKeys != null) {
        throw JsonMappingException.from(gen, unreadableKeys);
      }
      if (!needsEntries((Map<?, ?>) value)) {
        delegate.serialize(value, gen, provider);
        return;
      }
      gen.writeStartObject(value);
      writeEntries((Map<?, ?>) value, gen, provider);
      gen.writeEndObject();
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      refuseComparator(value, gen);
      if (unreadableKeys != null) {
        throw JsonMappingException.from(gen, unreadableKeys);
      }
      if (!needsEntries((Map<?, ?>) value)) {
        delegate.serializeWithType(value, gen, provider, typeSer);
        return;
      }
      WritableTypeId id = typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
      writeEntries((Map<?, ?>) value, gen, provider);
      typeSer.writeTypeSuffix(gen, id);
    }

    private static void writeEntries(Map<?, ?> map, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeFieldName(ENTRIES);
      Values.marked(gen);
      gen.writeStartArray();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        gen.writeStartArray();
        writeTyped(entry.getKey(), gen, provider);
        writeTyped(entry.getValue(), gen, provider);
        gen.writeEndArray();
      }
      gen.writeEndArray();
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Object value) {
      return delegate.isEmpty(provider, value);
    }

    @Override
    public Class<Object> handledType() {
      return delegate.handledType();
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
      JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c ? c.createContextual(provider, property) : delegate;
      return contextual == delegate ? this : new MapSerializer(contextual, untypedKeys, unreadableKeys);
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
      if (delegate instanceof ResolvableSerializer r) {
        r.resolve(provider);
      }
    }
  }

  /** A map deserializer that also reads typed entries. */
  private static final class MapDeserializer extends DelegatingDeserializer {
    private final JavaType type;

    MapDeserializer(JsonDeserializer<?> delegate, JavaType type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new MapDeserializer(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.START_OBJECT) {
        token = p.nextToken();
      }
      if (token != JsonToken.FIELD_NAME || !ENTRIES.equals(p.currentName())) {
        return _delegatee.deserialize(p, ctxt);
      }
      Map<Object, Object> map = newMap(ctxt);
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return ctxt.handleUnexpectedToken(type, p);
      }
      while (p.nextToken() == JsonToken.START_ARRAY) {
        p.nextToken();
        Object key = readTyped(p, ctxt);
        p.nextToken();
        Object value = readTyped(p, ctxt);
        if (p.nextToken() != JsonToken.END_ARRAY) {
          return ctxt.handleUnexpectedToken(type, p);
        }
        map.put(key, value);
      }
      if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT) {
        return ctxt.handleUnexpectedToken(type, p);
      }
      return map;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> newMap(DeserializationContext ctxt) throws IOException {
      if (_delegatee instanceof com.fasterxml.jackson.databind.deser.std.MapDeserializer maps) {
        ValueInstantiator instantiator = maps.getValueInstantiator();
        if (instantiator != null && instantiator.canCreateUsingDefault()) {
          return (Map<Object, Object>) instantiator.createUsingDefault(ctxt);
        }
      }
      return new LinkedHashMap<>(); // an interface, or an immutable map (Map.of): equal, and its order kept
    }
  }

  /** An optional at an untyped place: as itself, its value at an untyped place (see {@link StableTyping}). */
  private static final class OptionalSerializer extends JsonSerializer<Object> implements ContextualSerializer, ResolvableSerializer {
    private final JsonSerializer<Object> delegate;

    @SuppressWarnings("unchecked")
    OptionalSerializer(JsonSerializer<?> delegate) {
      this.delegate = (JsonSerializer<Object>) delegate;
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      delegate.serialize(value, gen, provider); // a declared Optional<T>: Jackson's own way
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      WritableTypeId id = typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
      Optional<?> optional = (Optional<?>) value;
      if (optional.isPresent()) {
        gen.writeFieldName(TypeNames.VALUE);
        writeTyped(optional.get(), gen, provider);
      }
      typeSer.writeTypeSuffix(gen, id);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Object value) {
      return delegate.isEmpty(provider, value);
    }

    @Override
    public Class<Object> handledType() {
      return delegate.handledType();
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
      JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c ? c.createContextual(provider, property) : delegate;
      return contextual == delegate ? this : new OptionalSerializer(contextual);
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
      if (delegate instanceof ResolvableSerializer r) {
        r.resolve(provider);
      }
    }
  }
}
