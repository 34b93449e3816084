package dev.errands.runtime;

import java.util.Objects;

/**
 * How a step or race settled: it succeeded with a value, or failed with a cause. A step receives
 * the outcome of a dependency, instead of its value, by declaring the parameter as {@code
 * Outcome<T>}: it then starts once the dependency has <em>settled</em>, and the dependency's
 * failure no longer fails the run (JavaScript's {@code Promise.allSettled}, Dagger's {@code
 * Produced<T>}).
 *
 * <pre>{@code
 * @Sequential(after = {"user", "albums"})
 * Page page(User user, Outcome<List<Album>> albums) {
 *     return switch (albums) {
 *         case Outcome.Success<List<Album>> s -> Page.full(user, s.value());
 *         case Outcome.Failure<List<Album>> f -> Page.withoutAlbums(user);
 *     };
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 */
public sealed interface Outcome<T> {

  /** The step returned {@code value}. */
  record Success<T>(T value) implements Outcome<T> {}

  /** The step threw {@code cause}. */
  record Failure<T>(Throwable cause) implements Outcome<T> {
    public Failure {
      Objects.requireNonNull(cause, "cause");
    }
  }

  static <T> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  static <T> Outcome<T> failure(Throwable cause) {
    return new Failure<>(cause);
  }

  /** Whether the step succeeded. */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /** The value of a success, or {@code fallback} for a failure. */
  default T orElse(T fallback) {
    return this instanceof Success<T> success ? success.value() : fallback;
  }
}
