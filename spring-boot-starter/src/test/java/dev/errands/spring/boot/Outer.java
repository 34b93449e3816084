package dev.errands.spring.boot;

import dev.errands.Parallel;

/** A service class nested in another: its orchestrator is Outer_InnerOrchestrator. */
public class Outer {
  public static class Inner {
    @Parallel
    String hello(String name) {
      return "hello " + name;
    }
  }
}
