package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Arrays.asList("x", null), Map.of("k", new Post("v", 1)))) {
      Object back = roundTrip(value);
      assertEquals(value, back, () -> "round trip of " + value + " (" + value.getClass() + ")");
      if (!(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
        assertEquals(value.getClass(), back.getClass());
      }
    }
    assertEquals(null, roundTrip(null));
  }

  @Test
  void classesOutsideTheTrustedPackagesAreRefused() {
    var payload = ErrandsDataConverter.trusting("dev.errands.temporal.")
        .toPayload(new Wire.Value(new Post("Hello", 1))).orElseThrow();
    var stranger = ErrandsDataConverter.trusting("com.acme.");
    assertThrows(DataConverterException.class, () -> stranger.fromPayload(payload, Wire.Value.class, Wire.Value.class));
  }
}
