package dev.errands.processor.generate;

import java.util.HashSet;
import java.util.Set;

/** Turns step, race and input names into the constant names of the orchestrator: USER_ID. */
final class Identifiers {
  private final Set<String> taken = new HashSet<>();

  Identifiers(String... reserved) {
    taken.addAll(Set.of(reserved));
  }

  /** {@code userId} → {@code USER_ID}; a second {@code user_id} → {@code USER_ID_2}. */
  String constant(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))
          && name.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    String base = out.toString();
    String candidate = base;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = base + "_" + n;
    }
    return candidate;
  }
}
