package dev.errands.temporal.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.ByteString;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.Wire;
import dev.errands.temporal.review.untrusted.Bomb;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * REVIEW PROBES (issue 17 point 4): crafted payloads naming classes the converter does not trust.
 * Every test FAILS when it finds a defect.
 */
class TrustProbeTest {
  sealed interface Shape permits Circle {}

  record Circle(double r) implements Shape {}

  record Holder(Shape shape, Number amount) {}

  /** Records every class name asked of it, then delegates. */
  static final class Recording extends ClassLoader {
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    Recording(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      asked.add(name);
      return super.loadClass(name, resolve);
    }
  }

  private static Payload payload(String json) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build();
  }

  private static List<String> readRecordingLoads(DataConverter converter, String json) {
    var recording = new Recording(TrustProbeTest.class.getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(recording);
    try {
      Exception e = assertThrows(Exception.class, () -> converter.fromPayload(payload(json), Wire.Value.class, Wire.Value.class),
          "a crafted name is refused: " + json);
      assertTrue(String.valueOf(e.getMessage()).contains("it is not loaded") || String.valueOf(e.getMessage()).contains("not"),
          e.getMessage());
    } finally {
      thread.setContextClassLoader(before);
    }
    return recording.asked;
  }

  /**
   * Expected: a crafted name of a class outside the trusted packages is refused before any class
   * is loaded or initialised, at the top, nested in a list, as an array, as an entry's key, in a
   * field declared Object of a trusted record.
   */
  @Test
  void craftedNamesLoadNothing() {
    DataConverter converter = ErrandsDataConverter.trusting("dev.errands.temporal.review.Trusted.");
    String bomb = Bomb.class.getName();
    BombFlags.initialised = false; // another probe may have built one
    BombFlags.built = false;
    for (String json : List.of(
        "{\"value\":{\"@type\":\"" + bomb + "\",\"command\":\"x\"}}",
        "{\"value\":[1,{\"@type\":\"" + bomb + "\"}]}",
        "{\"value\":{\"@type\":\"" + bomb + "[]\",\"@value\":[{}]}}",
        "{\"value\":{\"@type\":\"[L" + bomb + ";\",\"@value\":[{}]}}",
        "{\"value\":{\"@entries\":[[{\"@type\":\"" + bomb + "\"},1]]}}",
        "{\"value\":{\"a\":1,\"@type\":\"" + bomb + "\"}}",
        "{\"value\":{\"@type\":\"Optional\",\"@value\":{\"@type\":\"" + bomb + "\"}}}",
        "{\"value\":{\"@type\":\"java.lang.ProcessBuilder\",\"command\":[\"true\"]}}",
        "{\"value\":{\"@type\":\"java.util.ImmutableCollections$ListN\",\"@value\":[]}}")) {
      List<String> asked = readRecordingLoads(converter, json);
      assertFalse(asked.contains(bomb) || asked.contains("java.lang.ProcessBuilder")
          || asked.stream().anyMatch(n -> n.contains("Bomb") || n.contains("ImmutableCollections")), json + " loaded " + asked);
    }
    assertFalse(BombFlags.initialised, "Bomb initialised");
    assertFalse(BombFlags.built, "Bomb built");
  }

  /**
   * Expected: a trusted prefix is a package, not a string prefix: trusting "...review.untrust"
   * (no dot, as a user may write it) must not trust the package "...review.untrusted". Either the
   * builder refuses a prefix that does not end with '.', or the prefix is matched at a package
   * boundary. (Tightness of the trusted-packages rule.)
   */
  @Test
  void aPrefixWithoutADotDoesNotTrustANeighbourPackage() {
    ErrandsDataConverter.Builder builder = ErrandsDataConverter.builder();
    try {
      builder.trusting("dev.errands.temporal.review.untrust");
    } catch (IllegalArgumentException refused) {
      return;
    }
    DataConverter converter = builder.build();
    String json = "{\"value\":{\"@type\":\"" + Bomb.class.getName() + "\"}}";
    Object built;
    try {
      built = converter.fromPayload(payload(json), Wire.Value.class, Wire.Value.class).value();
    } catch (RuntimeException refused) {
      return;
    }
    fail("a " + built.getClass().getName() + " built by a converter trusting 'dev.errands.temporal.review.untrust'");
  }

  /**
   * Expected: a value of the wrong type at a place declared as an interface/abstract class is refused
   * saying what is wrong ("is not a ..."), like any other name of the wrong type; "Optional" too.
   */
  @Test
  void optionalAtAPlaceOfAnotherTypeIsRefusedClearly() {
    DataConverter converter = ErrandsDataConverter.builder().type("circle", Circle.class).type("holder", Holder.class).build();
    String wrongName = "{\"value\":{\"@type\":\"holder\",\"shape\":{\"@type\":\"Long\",\"@value\":1},\"amount\":1}}";
    Exception e1 = assertThrows(Exception.class, () -> converter.fromPayload(payload(wrongName), Wire.Value.class, Wire.Value.class));
    assertTrue(e1.getMessage().contains("is not a"), e1.getMessage());
    String optional = "{\"value\":{\"@type\":\"holder\",\"shape\":{\"@type\":\"Optional\"},\"amount\":1}}";
    Exception e2 = assertThrows(Exception.class, () -> converter.fromPayload(payload(optional), Wire.Value.class, Wire.Value.class));
    assertTrue(e2.getMessage().contains("is not a"), "message: " + e2.getMessage());
  }

  /** Expected: an unknown name's error says which name and how to fix it (name it, alias it). */
  @Test
  void anUnknownNameSaysWhatToDo() {
    DataConverter converter = ErrandsDataConverter.builder().build();
    Exception e = assertThrows(Exception.class,
        () -> converter.fromPayload(payload("{\"value\":{\"@type\":\"invoice\",\"n\":1}}"), Wire.Value.class, Wire.Value.class));
    assertTrue(e.getMessage().contains("'invoice'") && e.getMessage().contains("alias"), e.getMessage());
  }
}
