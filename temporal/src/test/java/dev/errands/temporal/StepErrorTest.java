package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.temporal.Wire.StepError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failure stays small enough to report, whatever the exception carries. */
class StepErrorTest {
  @Test
  void aLongMessageIsCutWithANoteAndCuttingAgainChangesNothing() {
    String message = "m".repeat(200_000);
    StepError error = StepError.of(new IllegalStateException(message));
    assertTrue(error.message().length() <= StepError.MAX_MESSAGE, "length " + error.message().length());
    int kept = error.message().indexOf("...");
    assertEquals("... (" + (200_000 - kept) + " characters cut)", error.message().substring(kept));
    assertEquals(error.message(), StepError.cut(error.message(), StepError.MAX_MESSAGE));
    assertEquals(error, new StepError(error.type(), error.message(), error.suppressed(), error.element()));
    assertEquals("short", StepError.of(new IllegalStateException("short")).message());
    assertEquals(null, StepError.of(new IllegalStateException()).message());
  }

  @Test
  void aSurrogatePairIsNotSplit() {
    String message = "a".repeat(StepError.MAX_MESSAGE - 25) + "\uD83D\uDE00".repeat(1000);
    String cut = StepError.cut(message, StepError.MAX_MESSAGE);
    int kept = cut.indexOf("...");
    assertTrue(!Character.isHighSurrogate(cut.charAt(kept - 1)), "split at " + kept);
  }

  @Test
  void suppressedExceptionsAreBoundedInNumberDepthAndSize() {
    var many = new IllegalStateException("many");
    for (int i = 0; i < 100; i++) {
      many.addSuppressed(new IllegalArgumentException("small " + i));
    }
    StepError error = StepError.of(many);
    assertEquals(StepError.MAX_SUPPRESSED, error.suppressed().size());
    StepError note = error.suppressed().get(StepError.MAX_SUPPRESSED - 1);
    assertEquals(StepError.CUT, note.type());
    assertEquals((100 - StepError.MAX_SUPPRESSED + 1) + " more suppressed exceptions cut", note.message());

    var large = new IllegalStateException("large");
    for (int i = 0; i < 100; i++) {
      large.addSuppressed(new IllegalArgumentException("x".repeat(100_000)));
    }
    StepError bounded = StepError.of(large);
    assertTrue(size(bounded) < StepError.MAX_TOTAL + 64 * 1024, "size " + size(bounded));
    assertEquals(StepError.CUT, bounded.suppressed().get(bounded.suppressed().size() - 1).type());

    var a = new IllegalStateException("a"); // a cycle: each suppresses the other
    var b = new IllegalStateException("b");
    a.addSuppressed(b);
    b.addSuppressed(a);
    StepError cycle = StepError.of(a);
    int depth = 0;
    for (StepError e = cycle; !e.suppressed().isEmpty() && !StepError.CUT.equals(e.type()); e = e.suppressed().get(0)) {
      depth++;
    }
    assertEquals(StepError.MAX_DEPTH + 1, depth);
  }

  private static long size(StepError error) {
    long size = error.message() == null ? 0 : error.message().length();
    for (StepError s : error.suppressed()) {
      size += size(s);
    }
    return size;
  }

  @Test
  void anExceptionWithNothingSuppressedHasAnEmptyList() {
    assertEquals(List.of(), StepError.of(new RuntimeException("x")).suppressed());
  }
}
