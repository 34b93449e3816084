package dev.errands.processor.validate;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeParameterElement;

/** Naming rules, "did you mean" suggestions, and how names read in a message. */
public final class Names {
  /** Names a record component cannot have (JLS 8.10.1). */
  public static final Set<String> RESERVED_COMPONENT_NAMES =
      Set.of("clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  private Names() {}

  /** {@code <K, V>}: type parameters as a message writes them. */
  public static String typeParameters(List<? extends TypeParameterElement> parameters) {
    return parameters.stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"));
  }

  /** The known name closest to {@code name}, when it is close enough to be a slip. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, name.length() / 3);
    return bestDistance <= tolerance ? Optional.ofNullable(best) : Optional.empty();
  }

  /**
   * The known name that {@code name}, a name in its own right, looks like a slip for: the {@link
   * #closest} one, leaving out names that it only lengthens or shortens by whole words ({@code
   * userId} is no slip for {@code user}), and only where the slip leaves most letters as they are
   * (under {@code closest}'s tolerance of two edits, {@code id} would be a slip for {@code go}).
   */
  public static Optional<String> slipFor(String name, Collection<String> known) {
    List<String> candidates = known.stream().filter(other -> !differInWholeWords(name, other)).toList();
    return closest(name, candidates).filter(other ->
        2 * distance(name.toLowerCase(), other.toLowerCase()) < Math.min(name.length(), other.length()));
  }

  /** {@code userId} and {@code user}: one's camel-case words are a run of the other's, and more. */
  private static boolean differInWholeWords(String a, String b) {
    List<String> wordsOfA = words(a);
    List<String> wordsOfB = words(b);
    if (wordsOfA.size() == wordsOfB.size()) {
      return false;
    }
    return wordsOfA.size() > wordsOfB.size()
        ? Collections.indexOfSubList(wordsOfA, wordsOfB) >= 0
        : Collections.indexOfSubList(wordsOfB, wordsOfA) >= 0;
  }

  /** {@code hotelId} → {@code [hotel, id]}. */
  private static List<String> words(String name) {
    return Arrays.stream(name.split("(?<=[a-z0-9])(?=[A-Z])|_"))
        .filter(word -> !word.isEmpty())
        .map(String::toLowerCase)
        .toList();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
