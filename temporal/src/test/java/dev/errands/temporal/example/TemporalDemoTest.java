package dev.errands.temporal.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo that temporal/README.md tells how to run works as it says, on the embedded server. */
class TemporalDemoTest {
  private static final Pattern RESULT = Pattern.compile(
      "Result\\[address=Ada's place, pizza=(.+), dinner=dinner: (.+)]");

  @Test
  void runsInProcessThenOnTheEmbeddedTestServer() throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      TemporalDemo.run("", out);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(3, lines.size(), String.join("\n", lines));
    assertPizzaServed(lines.get(0), "in-process: ");
    assertEquals("on Temporal's embedded test server", lines.get(1));
    assertPizzaServed(lines.get(2), "on Temporal: ");
  }

  /** Whichever place won the race (the clock decides), dinner is the pizza that won. */
  private static void assertPizzaServed(String line, String prefix) {
    assertTrue(line.startsWith(prefix), line);
    Matcher result = RESULT.matcher(line.substring(prefix.length()));
    assertTrue(result.matches(), line);
    assertEquals(result.group(1), result.group(2), line);
    assertTrue(result.group(1).matches("(margherita from luigis|quattro stagioni from marios) to Ada's place"), line);
  }
}
