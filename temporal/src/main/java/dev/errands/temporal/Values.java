package dev.errands.temporal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.errands.runtime.WorkflowView;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow's values as their declared types say, where the processor recorded them ({@code
 * types(...)}): written as plain JSON of that type, with no type name but where the type itself
 * does not say (an {@code Object} or an interface in it), and read back as that type. Where a
 * declaration has no types (one built by hand), or a type cannot be resolved here (a type
 * variable), values cross as at any untyped place (see {@link StableTyping}).
 *
 * <p>Both sides of a value read its type from the same declaration (the fingerprint covers the
 * types), so what one writes plainly the other reads with the same type:
 *
 * <ul>
 *   <li>a workflow input: its type;
 *   <li>a step's value: its method's result type ({@code List<T>} for an {@code @Each} step, each
 *       element's result a {@code T});
 *   <li>a race's value: its racers' type, when they all have the same; untyped otherwise;
 *   <li>an {@code @Each} element: the element type of the list it iterates.
 * </ul>
 */
final class Values {
  private final JavaType[] inputs;
  private final JavaType[] nodes;
  private final JavaType[] written;
  private final JavaType[] elements;

  private Values(WorkflowView<?, ?> view, ClassLoader loader) {
    List<WorkflowView.Node> nodeList = view.nodes();
    List<WorkflowView.Task> tasks = view.tasks();
    inputs = new JavaType[view.inputs().size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = view.inputType(i).map(type -> parse(type, loader)).orElse(null);
    }
    JavaType[] taskTypes = new JavaType[tasks.size()];
    for (int t = 0; t < taskTypes.length; t++) {
      taskTypes[t] = view.taskType(t).map(type -> parse(type, loader)).orElse(null);
    }
    nodes = new JavaType[nodeList.size()];
    for (int n = 0; n < nodes.length; n++) {
      JavaType common = null;
      boolean first = true;
      for (WorkflowView.Task t : tasks) {
        if (t.node() == n) {
          JavaType type = taskTypes[t.index()];
          common = first || Objects.equals(common, type) ? type : null;
          if (!first && common == null) {
            break;
          }
          first = false;
        }
      }
      nodes[n] = common;
    }
    written = new JavaType[tasks.size()];
    elements = new JavaType[tasks.size()];
    for (WorkflowView.Task t : tasks) {
      boolean each = t.eachNode() >= 0 || t.eachInput() >= 0;
      JavaType node = nodes[t.node()];
      written[t.index()] = each ? content(node) : node;
      if (t.eachNode() >= 0) {
        elements[t.index()] = content(nodes[t.eachNode()]);
      } else if (t.eachInput() >= 0) {
        elements[t.index()] = content(inputs[t.eachInput()]);
      }
    }
  }

  /** The types of {@code view}'s values, their classes loaded by {@code loader}. */
  static Values of(WorkflowView<?, ?> view, ClassLoader loader) {
    return new Values(view, loader);
  }

  /**
   * The types of {@code view}'s values for a client, which has no instance of the service class:
   * its classes loaded as the service class's are, where the thread's class loader finds it.
   */
  static Values of(WorkflowView<?, ?> view) {
    ClassLoader loader = StableTyping.loader();
    try {
      ClassLoader service = Class.forName(view.name(), false, loader).getClassLoader();
      return new Values(view, service != null ? service : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Values(view, loader);
    }
  }

  private static JavaType content(JavaType container) {
    return container == null ? null : container.getContentType();
  }

  /** What input {@code i} is written as, for the run's arguments. */
  Object writeInput(int i, Object value) {
    return declared(value, inputs[i]);
  }

  /** What task {@code t}'s result (a racer's, an element's) is written as. */
  Object writeResult(int t, Object value) {
    return declared(value, written[t]);
  }

  /** Input {@code i} as it crossed, read as its declared type. */
  Object readInput(DataConverter converter, int i, Object wire, String what) {
    return read(converter, wire, inputs[i], what);
  }

  /** Node {@code n}'s value as it crossed, read as its declared type. */
  Object readNode(DataConverter converter, int n, Object wire, String what) {
    return read(converter, wire, nodes[n], what);
  }

  /** Task {@code t}'s element as it crossed, read as its declared type. */
  Object readElement(DataConverter converter, int t, Object wire, String what) {
    return read(converter, wire, elements[t], what);
  }

  static Object declared(Object value, JavaType type) {
    return value == null || type == null || type.isJavaLangObject() ? value : new Declared(value, type);
  }

  /**
   * {@code wire} (the value as an untyped place reads its JSON: maps, lists, strings, numbers) read
   * again as {@code type}: the same JSON, written back as it came and read by the converter's own
   * mapper with the declared type.
   */
  static Object read(DataConverter converter, Object wire, JavaType type, String what) {
    if (wire == null || type == null || type.isJavaLangObject()) {
      return wire;
    }
    if (wire instanceof TreeNode json) {
      try { // written as the JSON it is: read it as the declared type
        return converter.fromPayload(converter.toPayload(json).orElseThrow(), type.getRawClass(), type);
      } catch (RuntimeException e) {
        throw new IllegalStateException(what + " cannot be read as its declared type " + type.toCanonical()
            + " by this data converter: " + e.getMessage(), e);
      }
    }
    if (wire instanceof Optional<?> empty && empty.isEmpty() && type.isReferenceType()) {
      return empty; // written as {"@type": "Optional"}: JSON null is a null, not an empty Optional
    }
    try {
      var payload = converter.toPayload(wire).orElseThrow();
      return converter.fromPayload(payload, type.getRawClass(), type);
    } catch (RuntimeException e) {
      throw new IllegalStateException(what + " cannot be read as its declared type " + type.toCanonical()
          + " by this data converter: " + e.getMessage(), e);
    }
  }

  /** A value with the type its place declares, for the converter to write as plain JSON of it. */
  record Declared(Object value, JavaType type) {}

  /** A declared value's JSON, and how many markers ("@type", "@entries") the wire format wrote in it. */
  static final class Buffer extends TokenBuffer {
    int markers;

    Buffer(ObjectCodec codec) {
      super(codec, false);
    }
  }

  /** Counts a marker the wire format writes, when {@code gen} buffers a declared value. */
  static void marked(JsonGenerator gen) {
    if (gen instanceof Buffer buffer) {
      buffer.markers++;
    }
  }

  /** Writes a {@link Declared} as its type says, wherever it sits. */
  static final class DeclaredSerializer extends JsonSerializer<Declared> {
    @Override
    public void serialize(Declared declared, JsonGenerator gen, SerializerProvider provider) throws IOException {
      provider.findTypedValueSerializer(declared.type(), true, null).serialize(declared.value(), gen, provider);
    }

    @Override
    public void serializeWithType(Declared declared, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      if (declared.value() instanceof Optional<?> empty && empty.isEmpty()) {
        // Plain JSON writes an empty Optional as null, which reads back as a null here: name it.
        gen.writeStartObject();
        gen.writeStringField(TypeNames.TYPE, "Optional");
        gen.writeEndObject();
        return;
      }
      // At an untyped place of Wire, which the other side reads untyped before it reads the value as
      // its declared type: plain, unless its JSON has a field that reading would take for a marker
      // (a record's property "@type"); then as the JSON it is, {"@type": "errands.Json", "@value": ...}.
      var buffer = new Buffer(gen.getCodec());
      serialize(declared, buffer, provider);
      if (buffer.markers < markers(buffer)) {
        gen.writeStartObject();
        gen.writeStringField(TypeNames.TYPE, TypeNames.JSON);
        gen.writeFieldName(TypeNames.VALUE);
        buffer.serialize(gen);
        gen.writeEndObject();
      } else {
        buffer.serialize(gen);
      }
    }

    /** The fields "@type" and "@entries" in {@code buffer}, wherever they are. */
    private static int markers(TokenBuffer buffer) throws IOException {
      int markers = 0;
      try (JsonParser p = buffer.asParser()) {
        for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
          if (token == JsonToken.FIELD_NAME
              && (TypeNames.TYPE.equals(p.currentName()) || UntypedValues.ENTRIES.equals(p.currentName()))) {
            markers++;
          }
        }
      }
      return markers;
    }

    @Override
    public Class<Declared> handledType() {
      return Declared.class;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The types as the processor records them: source text

  /**
   * The type {@code source} names ({@code "java.util.List<com.acme.Shop.Item>"}, {@code "long"},
   * {@code "int[]"}), its classes loaded by {@code loader}; null when it names something not
   * resolvable here (a type variable, a class missing) or nothing ({@code void}).
   */
  static JavaType parse(String source, ClassLoader loader) {
    try {
      var parser = new Parser(source.replaceAll("@[\\w.$]+(\\([^)]*\\))?\\s*", ""), loader);
      JavaType type = parser.type();
      return parser.at == parser.text.length() ? type : null;
    } catch (RuntimeException | ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * The type factory of the converter's mapper, with the modules Temporal's mapper registers: its
   * {@code Jdk8Module} makes {@code Optional<T>} a reference type, without which Jackson would read
   * an {@code Optional} as a bean (and write one as {@code {"empty": false, "present": true}}).
   */
  private static final TypeFactory TYPES = JacksonJsonPayloadConverter.newDefaultObjectMapper().getTypeFactory();

  private static final class Parser {
    private final String text;
    private final ClassLoader loader;
    private final TypeFactory factory = TYPES;
    private int at;

    Parser(String text, ClassLoader loader) {
      this.text = text.strip();
      this.loader = loader;
    }

    JavaType type() throws ClassNotFoundException {
      space();
      if (peek('?')) {
        at++;
        space();
        if (text.startsWith("extends", at)) {
          at += "extends".length();
          return type();
        }
        if (text.startsWith("super", at)) {
          at += "super".length();
          type();
        }
        return factory.constructType(Object.class);
      }
      int start = at;
      while (at < text.length() && (Character.isJavaIdentifierPart(text.charAt(at)) || text.charAt(at) == '.')) {
        at++;
      }
      String name = text.substring(start, at);
      Class<?> raw = load(name);
      space();
      JavaType type;
      if (peek('<')) {
        var parameters = new ArrayList<JavaType>();
        do {
          at++;
          parameters.add(type());
          space();
        } while (peek(','));
        expect('>');
        type = factory.constructParametricType(raw, parameters.toArray(JavaType[]::new));
      } else {
        type = factory.constructType(raw);
      }
      space();
      while (peek('[')) {
        at++;
        expect(']');
        type = factory.constructArrayType(type);
        space();
      }
      return type;
    }

    private Class<?> load(String name) throws ClassNotFoundException {
      switch (name) {
        case "boolean": return boolean.class;
        case "byte": return byte.class;
        case "short": return short.class;
        case "char": return char.class;
        case "int": return int.class;
        case "long": return long.class;
        case "float": return float.class;
        case "double": return double.class;
        case "void": throw new ClassNotFoundException("void");
        default: break;
      }
      // A nested class's source name has dots where its binary name has dollars: try from the right.
      String binary = name;
      while (true) {
        try {
          return Class.forName(binary, false, loader);
        } catch (ClassNotFoundException e) {
          int dot = binary.lastIndexOf('.');
          if (dot < 0) {
            throw e;
          }
          binary = binary.substring(0, dot) + '$' + binary.substring(dot + 1);
        }
      }
    }

    private boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
      space();
      if (!peek(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at " + at + " of " + text);
      }
      at++;
    }

    private void space() {
      while (at < text.length() && text.charAt(at) == ' ') {
        at++;
      }
    }
  }
}
