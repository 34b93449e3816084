package dev.errands.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every diagnostic the processor can emit has a compile-testing case that checks it. */
class MessageCoverageTest {
  private static final List<Class<?>> TESTS = List.of(
      ServiceClassDiagnosticsTest.class,
      StepDiagnosticsTest.class,
      AfterDiagnosticsTest.class,
      ParameterDiagnosticsTest.class,
      RaceDiagnosticsTest.class,
      ProcessorDiagnosticsTest.class,
      OutcomeDiagnosticsTest.class,
      EachDiagnosticsTest.class,
      RetryDiagnosticsTest.class,
      LimitsDiagnosticsTest.class);

  @Test
  void everyMessageHasATest() {
    Set<Message> covered = EnumSet.noneOf(Message.class);
    for (Class<?> test : TESTS) {
      for (Method method : test.getDeclaredMethods()) {
        Covers covers = method.getAnnotation(Covers.class);
        if (covers != null) {
          covered.addAll(List.of(covers.value()));
        }
      }
    }
    Set<Message> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
    assertWithMessage("messages without a @Covers test").that(missing).isEmpty();
  }
}
