package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.assertWarningCount;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about {@code @Retry}: each on the value that is wrong. */
class RetryDiagnosticsTest {

  @Test
  @Covers(Message.RETRY_ATTEMPTS)
  void noAttemptAtAll() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(
                attempts = 0)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'user' has attempts = 0, but attempts counts every attempt, the first"
            + " included, so it must be at least 1. Write attempts = 2 or more to retry, or remove @Retry.")
        .inFile(source)
        .onLineContaining("attempts = 0");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "ProfileOrchestrator");
  }

  @Test
  @Covers(Message.RETRY_SINGLE_ATTEMPT)
  void aSingleAttemptIsAWarning() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Race("quote") int cheap() { return 1; }

            @Race("quote")
            @Retry(
                attempts = 1)
            int fast() { return 2; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("@Retry of racer 'fast' has attempts = 1, so it never retries: attempts counts every"
            + " attempt, the first included. Write attempts = 2 or more, or remove @Retry.")
        .inFile(source)
        .onLineContaining("attempts = 1");
    assertWarningCount(compilation, 1);
  }

  @Test
  @Covers(Message.RETRY_DELAY_NEGATIVE)
  void negativeDelay() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(attempts = 3,
                delay = -100)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'user' has delay = -100; a pause cannot be negative. Give 0 (the"
            + " default) for none, or more.")
        .inFile(source)
        .onLineContaining("delay = -100");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RETRY_MULTIPLIER)
  void multiplierBelowOne() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(attempts = 3, delay = 10,
                multiplier = 0.5)
            String user() { return "ada"; }

            @Parallel
            @Retry(attempts = 3,
                multiplier = Double.NaN)
            String posts() { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'user' has multiplier = 0.5, but each pause is at least as long as the"
            + " one before, so it must be 1.0 or more. Give 1.0 (the default) for equal pauses.")
        .inFile(source)
        .onLineContaining("multiplier = 0.5");
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'posts' has multiplier = NaN")
        .inFile(source)
        .onLineContaining("multiplier = Double.NaN");
    assertErrorCount(compilation, 2);
  }

  @Test
  @Covers(Message.RETRY_ON_EMPTY)
  void retryOnNothing() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(attempts = 3,
                on = {})
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'user' has an empty on, so no failure would be retried. Name the"
            + " exceptions to retry, or remove on to retry every Exception.")
        .inFile(source)
        .onLineContaining("on = {}");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RETRY_ON_NEVER)
  void retryOnInterruptionIsAWarning() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(attempts = 3,
                on = {java.io.IOException.class, InterruptedException.class})
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("@Retry of step 'user' names java.lang.InterruptedException in on, but"
            + " interruption and cancellation are never retried: they mean the run gave up on the step."
            + " Remove it from on.")
        .inFile(source)
        .onLineContaining("on = {");
  }

  @Test
  @Covers(Message.RETRY_ON_INACCESSIBLE)
  void retryOnAPrivateException() {
    JavaFileObject source = service("Profile", """
        class Profile {
            private static class Flaky extends RuntimeException {}

            @Parallel
            @Retry(attempts = 3,
                on = Flaky.class)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry of step 'user' retries com.acme.Profile.Flaky, which the generated"
            + " ProfileOrchestrator cannot name: com.acme.Profile.Flaky is private. Make it package-private or"
            + " wider, or name a type the orchestrator can see.")
        .inFile(source)
        .onLineContaining("on = Flaky.class");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.RETRY_NOT_ON_STEP)
  void retryOnAMethodThatIsNotAStep() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            String user() { return "ada"; }

            @Retry(attempts = 3)
            String helper() { return "x"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Retry on method 'helper' has no effect: 'helper' is not a step. Annotate it with"
            + " @Parallel, @Sequential or @Race, or remove @Retry.")
        .inFile(source)
        .onLineContaining("@Retry(attempts = 3)");
    assertErrorCount(compilation, 1);
  }

  /** Every value is written out, a double as a double, a long that an int cannot hold with its L. */
  @Test
  void retryIsDeclaredWithEveryValue() {
    Compilation compilation = compile(service("Profile", """
        class Profile {
            static class Flaky extends RuntimeException {}

            @Parallel
            @Retry(attempts = 5, delay = 10_000_000_000L, unit = TimeUnit.NANOSECONDS, multiplier = 1.5,
                on = {java.io.IOException.class, Flaky.class})
            String user() { return "ada"; }

            @Race("quote") int cheap() { return 1; }
            @Race("quote") @Retry(attempts = 2) int fast() { return 2; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains("after().retry(5, 10000000000L, TimeUnit.NANOSECONDS, 1.5, IOException.class,"
            + " Profile.Flaky.class)");
    assertThat(compilation).generatedSourceFile("com.acme.ProfileOrchestrator").contentsAsUtf8String()
        .contains(".racer(QUOTE, \"fast\", after().retry(2, 0, TimeUnit.MILLISECONDS, 1.0, Exception.class),");
  }

  /** javac reports a @Retry without attempts; Errands neither crashes nor adds to it. */
  @Test
  void retryWithoutAttempts() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(delay = 5)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("attempts").inFile(source).onLineContaining("@Retry(delay = 5)");
    assertErrorCount(compilation, 1);
  }

  /** An exception class that another processor should generate, and never does. */
  @Test
  @Covers(Message.MISSING_TYPE)
  void retryOnAClassThatNeverExists() {
    JavaFileObject source = service("Profile", """
        class Profile {
            @Parallel
            @Retry(attempts = 2,
                on = NotYet.class)
            String user() { return "ada"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Errands wrote no orchestrator for com.acme.Profile: the on value of @Retry on step"
            + " 'user' never became available.")
        .inFile(source)
        .onLineContaining("on = NotYet.class");
  }
}
