package dev.errands.runtime;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a declaration tells other engines through its view: here, what each task's parameters take. */
class WorkflowViewTest {

  record Result(Object audit, Object done) {}

  /** Inputs big and id; audit takes id, done waits for audit without taking its value, racers take big. */
  private static Workflow.Builder<Object> declaration() {
    return Workflow.builder("view.Audit", "big", "id")
        .step("audit", after(), (s, in) -> "audited " + in.input(1))
        .step("done", after(0), (s, in) -> "done")
        .race("fetch", Wins.FIRST_TO_SETTLE, after(0))
        .racer(2, "near", (s, in) -> ((String) in.input(0)).length())
        .racer(2, "far", (s, in) -> in.result(0));
  }

  @Test
  void aDeclarationSaysWhatEachTaskTakes() {
    WorkflowView<Object, Result> view = declaration()
        .takes("audit", new int[] {1}, new int[] {})
        .takes("done", new int[] {}, new int[] {})
        .takes("near", new int[] {0}, new int[] {})
        .takes("far", new int[] {}, new int[] {0})
        .build(in -> new Result(in.result(0), in.result(1)))
        .view();

    assertEquals(Optional.of(List.of(1)), view.inputsOf(0));
    assertEquals(Optional.of(List.of()), view.resultsOf(0));
    assertEquals(Optional.of(List.of()), view.inputsOf(1), "done takes no input");
    assertEquals(Optional.of(List.of()), view.resultsOf(1), "done waits for audit, but does not take its value");
    assertEquals(Optional.of(List.of(0)), view.inputsOf(2));
    assertEquals(Optional.of(List.of(0)), view.resultsOf(3));
  }

  @Test
  void aDeclarationThatDoesNotSayLetsEveryTaskTakeAnything() throws Exception {
    Workflow<Object, Result> wf = declaration().takes("audit", new int[] {1}, new int[] {})
        .build(in -> new Result(in.result(0), in.result(1)));
    WorkflowView<Object, Result> view = wf.view();

    assertEquals(Optional.of(List.of(1)), view.inputsOf(0));
    for (int t = 1; t < 4; t++) {
      assertTrue(view.inputsOf(t).isEmpty(), "task " + t);
      assertTrue(view.resultsOf(t).isEmpty(), "task " + t);
    }
    // The in-process engine runs it as ever.
    assertEquals(new Result("audited 7", "done"), wf.run(new Object(), RunOptions.defaults(), "x", 7));
  }

  @Test
  void whatATaskTakesIsChecked() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> declaration()
        .takes("nobody", new int[] {}, new int[] {}).build(in -> null));
    assertEquals("view.Audit: takes() names nobody, which is not a step or racer", unknown.getMessage());
    var input = assertThrows(IllegalArgumentException.class, () -> declaration()
        .takes("audit", new int[] {2}, new int[] {}).build(in -> null));
    assertEquals("view.Audit: takes() gives audit input 2, but the workflow has 2 inputs", input.getMessage());
    var result = assertThrows(IllegalArgumentException.class, () -> declaration()
        .takes("done", new int[] {}, new int[] {2}).build(in -> null));
    assertEquals("view.Audit: takes() gives done the result of node 2, which done does not wait for", result.getMessage());
    var racer = assertThrows(IllegalArgumentException.class, () -> declaration()
        .takes("near", new int[] {}, new int[] {1}).build(in -> null));
    assertEquals("view.Audit: takes() gives near the result of node 1, which fetch does not wait for", racer.getMessage());
    var twice = assertThrows(IllegalArgumentException.class, () -> declaration()
        .takes("done", new int[] {}, new int[] {}).takes("done", new int[] {}, new int[] {0}));
    assertEquals("view.Audit: takes() of done given twice", twice.getMessage());
  }
}
