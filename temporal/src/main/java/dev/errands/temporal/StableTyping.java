package dev.errands.temporal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@link ErrandsDataConverter} writes a value's type: only at untyped places (a field,
 * element or value declared {@code Object}, or an interface or abstract class that does not say
 * its subtypes itself), and only when the JSON does not already say it. There:
 *
 * <ul>
 *   <li>a string, an {@code int}, a {@code double}, a boolean and null are bare JSON;
 *   <li>a list is a bare array, and a map of string keys a bare object, their elements untyped places;
 *   <li>a map with other keys is {@code {"@entries": [[key, value], ...]}} (see {@link UntypedValues});
 *   <li>a value that JSON writes as an object (a record, a bean) is that object with {@code "@type"}
 *       first: {@code {"@type": "invoice", "total": "9.90"}};
 *   <li>any other is {@code {"@type": "Long", "@value": 5}}: a {@code long}, a date, an enum, a set,
 *       an {@code Optional} ({@code "@value"} absent when empty), an array.
 * </ul>
 *
 * The names are {@link TypeNames}'s: never a JDK implementation class, never a class that is not
 * named or trusted, both ways.
 */
final class StableTyping implements TypeResolverBuilder<StableTyping> {
  private final TypeNames names;

  StableTyping(TypeNames names) {
    this.names = names;
  }

  /** Whether a place of type {@code type} is untyped: its declared type does not say what it holds. */
  static boolean untyped(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == Object.class) {
      return true;
    }
    if (type.isContainerType() || type.isPrimitive() || type.isArrayType() || raw.isEnum()
        || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
        || TreeNode.class.isAssignableFrom(raw)) { // a JsonNode is JSON already

      return false;
    }
    // An interface or abstract class: Number, a sealed interface of records, ...; one annotated
    // with its own @JsonTypeInfo never reaches here (Jackson prefers the annotation).
    return raw.isInterface() || Modifier.isAbstract(raw.getModifiers());
  }

  @Override
  public TypeSerializer buildTypeSerializer(SerializationConfig config, JavaType baseType, Collection<NamedType> subtypes) {
    return untyped(baseType) ? new Serializer(names, null) : null;
  }

  @Override
  public TypeDeserializer buildTypeDeserializer(DeserializationConfig config, JavaType baseType, Collection<NamedType> subtypes) {
    return untyped(baseType) ? new Deserializer(names, baseType, null) : null;
  }

  // The configuration methods of a TypeResolverBuilder: this one is configured by its names alone.

  @Override
  public Class<?> getDefaultImpl() {
    return null;
  }

  @Override
  public StableTyping init(JsonTypeInfo.Id idType, TypeIdResolver res) {
    return this;
  }

  @Override
  public StableTyping inclusion(JsonTypeInfo.As includeAs) {
    return this;
  }

  @Override
  public StableTyping typeProperty(String propName) {
    return this;
  }

  @Override
  public StableTyping defaultImpl(Class<?> defaultImpl) {
    return this;
  }

  @Override
  public StableTyping typeIdVisibility(boolean isVisible) {
    return this;
  }

  /** What Jackson asks a type serializer or deserializer for: the names, as a resolver. */
  private static final class Resolver extends TypeIdResolverBase {
    private final TypeNames names;

    Resolver(TypeNames names) {
      super(TypeFactory.unknownType(), TypeFactory.defaultInstance());
      this.names = names;
    }

    @Override
    public String idFromValue(Object value) {
      return names.nameOf(value);
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
      return value != null ? names.nameOf(value) : names.nameOf(suggestedType);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
      return context.constructType(names.classOf(id, loader()));
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
      return JsonTypeInfo.Id.CUSTOM;
    }
  }

  static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : StableTyping.class.getClassLoader();
  }

  private static final class Serializer extends TypeSerializer {
    private final TypeNames names;
    private final BeanProperty property;

    Serializer(TypeNames names, BeanProperty property) {
      this.names = names;
      this.property = property;
    }

    @Override
    public TypeSerializer forProperty(BeanProperty prop) {
      return prop == property ? this : new Serializer(names, prop);
    }

    @Override
    public JsonTypeInfo.As getTypeInclusion() {
      return JsonTypeInfo.As.PROPERTY;
    }

    @Override
    public String getPropertyName() {
      return TypeNames.TYPE;
    }

    @Override
    public TypeIdResolver getTypeIdResolver() {
      return new Resolver(names);
    }

    @Override
    public WritableTypeId writeTypePrefix(JsonGenerator g, WritableTypeId id) throws IOException {
      String name;
      try {
        name = names.nameOf(id.forValue);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(g, e.getMessage(), e);
      }
      id.id = name;
      JsonToken shape = id.valueShape;
      boolean json = TypeNames.JSON.equals(name); // a declared value forwarded as it came: always wrapped
      if (name == null || shape == JsonToken.START_OBJECT && !json) {
        id.wrapperWritten = false;
        if (shape == JsonToken.START_OBJECT) {
          g.writeStartObject(id.forValue);
          if (name != null) {
            g.writeStringField(TypeNames.TYPE, name);
            Values.marked(g);
          }
        } else if (shape == JsonToken.START_ARRAY) {
          g.writeStartArray(id.forValue);
        }
        return id;
      }
      id.wrapperWritten = true;
      g.writeStartObject();
      g.writeStringField(TypeNames.TYPE, name);
      Values.marked(g);
      g.writeFieldName(TypeNames.VALUE);
      if (shape == JsonToken.START_ARRAY) {
        g.writeStartArray(id.forValue);
      } else if (shape == JsonToken.START_OBJECT) {
        g.writeStartObject(id.forValue);
      }
      return id;
    }

    @Override
    public WritableTypeId writeTypeSuffix(JsonGenerator g, WritableTypeId id) throws IOException {
      if (id.valueShape == JsonToken.START_OBJECT) {
        g.writeEndObject();
      } else if (id.valueShape == JsonToken.START_ARRAY) {
        g.writeEndArray();
      }
      if (id.wrapperWritten) {
        g.writeEndObject();
      }
      return id;
    }
  }

  private static final class Deserializer extends TypeDeserializer {
    private final TypeNames names;
    private final JavaType baseType;
    private final BeanProperty property;

    Deserializer(TypeNames names, JavaType baseType, BeanProperty property) {
      this.names = names;
      this.baseType = baseType;
      this.property = property;
    }

    @Override
    public TypeDeserializer forProperty(BeanProperty prop) {
      return prop == property ? this : new Deserializer(names, baseType, prop);
    }

    @Override
    public JsonTypeInfo.As getTypeInclusion() {
      return JsonTypeInfo.As.PROPERTY;
    }

    @Override
    public String getPropertyName() {
      return TypeNames.TYPE;
    }

    @Override
    public TypeIdResolver getTypeIdResolver() {
      return new Resolver(names);
    }

    @Override
    public Class<?> getDefaultImpl() {
      return null;
    }

    @Override
    public Object deserializeTypedFromObject(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromArray(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromScalar(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromAny(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p, ctxt);
    }

    /** The value at an untyped place; the parser is on its first token, and ends on its last. */
    private Object read(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.START_ARRAY) {
        var list = new ArrayList<Object>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(element(p, ctxt));
        }
        return checked(list, ctxt, p);
      }
      if (token == JsonToken.START_OBJECT) {
        token = p.nextToken();
      }
      if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT) {
        return object(p, ctxt);
      }
      return checked(natural(p, ctxt), ctxt, p);
    }

    /** An element of a bare list, or an entry's key or value: an untyped place itself. */
    private Object element(JsonParser p, DeserializationContext ctxt) throws IOException {
      return p.currentToken() == JsonToken.VALUE_NULL ? null : read(p, ctxt);
    }

    private Object natural(JsonParser p, DeserializationContext ctxt) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_STRING -> p.getText();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        case VALUE_NULL -> null;
        case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject();
        default -> ctxt.handleUnexpectedToken(baseType, p);
      };
    }

    /** An object, the parser on its first field (or its end): a named value, or a bare map. */
    private Object object(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.FIELD_NAME && TypeNames.TYPE.equals(p.currentName())) {
        p.nextToken();
        String name = p.getValueAsString();
        p.nextToken();
        return named(name, p, ctxt);
      }
      // "@type" later, as a client that is not errands may write it: keep the fields before it.
      TokenBuffer before = ctxt.bufferForInputBuffering(p);
      before.writeStartObject();
      String name = null;
      for (; p.currentToken() == JsonToken.FIELD_NAME; p.nextToken()) {
        String field = p.currentName();
        p.nextToken();
        if (TypeNames.TYPE.equals(field) && name == null) {
          name = p.getValueAsString();
        } else {
          before.writeFieldName(field);
          before.copyCurrentStructure(p);
        }
      }
      before.writeEndObject();
      JsonParser rest = before.asParser(p);
      rest.nextToken();
      if (name != null) {
        rest.nextToken();
        return named(name, rest, ctxt);
      }
      JavaType map = ctxt.getTypeFactory().constructMapType(LinkedHashMap.class, Object.class, Object.class);
      return ctxt.findRootValueDeserializer(map).deserialize(rest, ctxt);
    }

    /** A value of type {@code name}; the parser on the field after {@code "@type"}, or the object's end. */
    private Object named(String name, JsonParser p, DeserializationContext ctxt) throws IOException {
      Class<?> c;
      try {
        c = names.classOf(name, loader());
      } catch (IllegalArgumentException e) {
        throw ctxt.invalidTypeIdException(baseType, name, e.getMessage());
      }
      boolean wrapped = p.currentToken() == JsonToken.FIELD_NAME && TypeNames.VALUE.equals(p.currentName());
      if (!baseType.isJavaLangObject() && !baseType.getRawClass().isAssignableFrom(c) && !baseType.isPrimitive()) {
        throw ctxt.invalidTypeIdException(baseType, name, "a " + c.getName() + " is not a " + baseType.getRawClass().getName());
      }
      if (c == Optional.class) {
        Object value = null;
        if (wrapped) {
          p.nextToken();
          value = element(p, ctxt);
          p.nextToken();
        }
        return Optional.ofNullable(value);
      }
      JavaType type = ctxt.constructType(c);
      JsonDeserializer<Object> deserializer = ctxt.findContextualValueDeserializer(type, property);
      if (!wrapped) {
        return deserializer.deserialize(p, ctxt);
      }
      p.nextToken();
      Object value = p.currentToken() == JsonToken.VALUE_NULL ? null : deserializer.deserialize(p, ctxt);
      if (p.nextToken() != JsonToken.END_OBJECT) {
        return ctxt.handleUnexpectedToken(type, p);
      }
      return value;
    }

    /** {@code value}, if this place may hold it: an untyped place of type {@code Number} holds no string. */
    private Object checked(Object value, DeserializationContext ctxt, JsonParser p) throws IOException {
      if (value == null || baseType.isJavaLangObject() || baseType.getRawClass().isInstance(value)) {
        return value;
      }
      return ctxt.handleUnexpectedToken(baseType, p);
    }
  }
}
