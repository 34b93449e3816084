package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.processor.ErrandsProcessor;
import dev.errands.runtime.Workflow;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's table, one test per row: version 1 of a service class runs a long step, then its
 * worker stops and version 2, compiled from a changed class of the SAME qualified name, takes
 * over on the same task queue. Each run ends correctly, or fails at once with a {@link
 * DeclarationChangedException} saying what changed; it never gets wrong data and is never stuck.
 *
 * <p>Each version is compiled here, with the processor, into a directory of its own and loaded by
 * a class loader of its own (whose parent loads the test, {@link Gate} and errands), as two
 * deployments of one class would be.
 */
class DeployTest {
  private static final String CLASS = "com.example.deploy.Shop";
  private static final String PICK = """
      @Parallel
      public String pick(String order) { Gate.ran(V, "pick"); return "picked " + order; }
      """;
  private static final String LABEL = """
      @Parallel
      public String label(String order) { Gate.ran(V, "label"); return "label for " + order; }
      """;
  private static final String PACK = """
      @Sequential(after = {"pick", "label"})
      public String pack(String pick, String label) throws InterruptedException {
        if (HOLD) Gate.hold(V, "pack"); else Gate.ran(V, "pack");
        return "packed " + pick + " with " + label;
      }
      """;
  private static final String SHIP = """
      @Sequential(after = "pack")
      public String ship(String pack) { Gate.ran(V, "ship"); return "shipped " + pack; }
      """;
  private static final String NOTIFY = """
      @Sequential(after = "ship")
      public String notifyCustomer(String ship) { Gate.ran(V, "notifyCustomer"); return "told of " + ship; }
      """;
  private static final String SHIPPED = "shipped packed picked A-1 with label for A-1";

  private static final AtomicInteger queues = new AtomicInteger();
  private static TestWorkflowEnvironment env;
  private static Loaded v1;

  @BeforeAll
  static void start() throws IOException {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting()).build())
        .build());
    v1 = compile("v1", true, PICK, LABEL, PACK, SHIP);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  @Test
  void nothingChanged() throws Exception {
    Object result = takeOver(compile("v2", false, PICK, LABEL, PACK, SHIP)).get();
    assertEquals(SHIPPED, component(result, "ship"));
  }

  @Test
  void twoMethodsSwappedInSourceOrderIsTheSameDeclaration() throws Exception {
    Loaded swapped = compile("v2", false, LABEL, PICK, PACK, SHIP);
    assertEquals(ErrandsWorker.fingerprint(v1.workflow), ErrandsWorker.fingerprint(swapped.workflow));
    Object result = takeOver(swapped).get();
    assertEquals("picked A-1", component(result, "pick"));
    assertEquals("label for A-1", component(result, "label"));
    assertEquals(SHIPPED, component(result, "ship"), "each step got its own value, not its neighbour's");
  }

  @Test
  void aNewFinalStepDeclaredLast() throws Exception {
    failsAtOnce(compile("v2", false, PICK, LABEL, PACK, SHIP, NOTIFY), "notifyCustomer",
        "step 'notifyCustomer' is not in the declaration this run started with");
  }

  @Test
  void aNewFinalStepDeclaredAtTheTop() throws Exception {
    failsAtOnce(compile("v2", false, NOTIFY, PICK, LABEL, PACK, SHIP), "notifyCustomer",
        "step 'notifyCustomer' is not in the declaration this run started with");
  }

  @Test
  void theStepInFlightRenamed() throws Exception {
    String box = PACK.replace("pack(", "box(");
    String ship = SHIP.replace("after = \"pack\"", "after = \"box\"").replace("String pack", "String box").replace("+ pack", "+ box");
    failsAtOnce(compile("v2", false, PICK, LABEL, box, ship), "box",
        "step 'ship' changed: the run started with 'step ship: java.lang.String, after [pack], takes [pack]',"
            + " now 'step ship: java.lang.String, after [box], takes [box]'",
        "step 'box' is not in the declaration this run started with",
        "step 'pack' of the declaration this run started with is not in this worker's");
  }

  @Test
  void aNewParallelRootStepDeclaredFirst() throws Exception {
    String weigh = """
        @Parallel
        public Integer weigh(String order) { Gate.ran(V, "weigh"); return order.length(); }
        """;
    failsAtOnce(compile("v2", false, weigh, PICK, LABEL, PACK, SHIP), "weigh",
        "step 'weigh' is not in the declaration this run started with");
  }

  @Test
  void aNewWorkflowInput() throws Exception {
    String pack = PACK.replace("String label)", "String label, List<String> notes)");
    failsAtOnce(compile("v2", false, PICK, LABEL, pack, SHIP), "notes",
        "input 'notes' is not in the declaration this run started with");
  }

  @Test
  void theAfterOfAStepChanged() throws Exception {
    String ship = """
        @Sequential(after = {"pack", "label"})
        public String ship(String pack, String label) { Gate.ran(V, "ship"); return "shipped " + pack + " as " + label; }
        """;
    failsAtOnce(compile("v2", false, PICK, LABEL, PACK, ship), "ship",
        "step 'ship' changed: the run started with 'step ship: java.lang.String, after [pack], takes [pack]',"
            + " now 'step ship: java.lang.String, after [label, pack], takes [label, pack]'");
  }

  @Test
  void aNewClientAttachesToARunFinishedUnderTheOldOne() throws Exception {
    Loaded v1Quick = compile("v1", false, PICK, LABEL, PACK, SHIP);
    Loaded v2Swapped = compile("v2", false, LABEL, PICK, PACK, SHIP);
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(factory.newWorker(queue)).serve(v1Quick.workflow, v1Quick.service());
    factory.start();
    try {
      var errands = ErrandsClient.of(env.getWorkflowClient(), queue);
      String id = errands.start(v1Quick.workflow, "A-1").workflowId();
      Object before = errands.attach(id, v1Quick.workflow).result();
      Object after = errands.attach(id, v2Swapped.workflow).result();
      assertNotEquals(before.getClass(), after.getClass(), "the second client reads with its own Result record");
      for (String step : List.of("pick", "label", "pack", "ship")) {
        assertEquals(component(before, step), component(after, step), step);
      }
      assertEquals("picked A-1", component(after, "pick"));
      // What the run started with, as the UI shows it.
      var memo = env.getWorkflowClient().newUntypedWorkflowStub(id).describe();
      assertEquals(ErrandsWorker.fingerprint(v1Quick.workflow), memo.getMemo(ErrandsClient.MEMO_FINGERPRINT, String.class));
      assertEquals(String.join("\n", "workflow com.example.deploy.Shop", "input order: java.lang.String",
              "step pick: java.lang.String, after [], takes [input order]", "step label: java.lang.String, after [], takes [input order]",
              "step pack: java.lang.String, after [label, pick], takes [label, pick]",
              "step ship: java.lang.String, after [pack], takes [pack]"),
          memo.getMemo(ErrandsClient.MEMO_DECLARATION, String.class));
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNewClientAttachingToARunWhoseStepsItLacksIsToldWhat() throws Exception {
    Loaded v1Quick = compile("v1", false, PICK, LABEL, PACK, SHIP);
    Loaded v2 = compile("v2", false, PICK, LABEL, PACK, SHIP, NOTIFY);
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(factory.newWorker(queue)).serve(v1Quick.workflow, v1Quick.service());
    factory.start();
    try {
      var errands = ErrandsClient.of(env.getWorkflowClient(), queue);
      String id = errands.start(v1Quick.workflow, "A-1").workflowId();
      errands.attach(id, v1Quick.workflow).result();
      var e = assertThrows(DeclarationChangedException.class, () -> errands.attach(id, v2.workflow).result());
      assertTrue(e.getMessage().contains("step 'notifyCustomer' is not in the declaration this run started with"), e.getMessage());

      // A new client starts a run where only the old version is served: it fails at once, no step runs.
      Gate.reset();
      var fresh = assertThrows(DeclarationChangedException.class, () -> errands.run(v2.workflow, "A-2"));
      assertTrue(fresh.getMessage().contains("step 'notifyCustomer' of the declaration this run started with is not in this worker's"), fresh.getMessage());
      assertEquals(List.of(), Gate.ran());
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Side by side

  @Test
  void theOldVersionServedBesideTheNewFinishesItsRunsWhileNewRunsTakeTheNewOne() throws Exception {
    // The old class, copied under another name (as a team keeps it in its source tree), served as
    // the workflow it was; the new one, with a new final step, served as itself.
    Loaded old = compileAs("com.example.deploy.ShopV1", "old", PICK, LABEL, PACK, SHIP);
    Loaded v2 = compile("v2", false, PICK, LABEL, PACK, SHIP, NOTIFY);
    assertEquals(ErrandsWorker.fingerprint(v1.workflow), fingerprintAs(old));
    Object result = takeOver(v1, worker -> worker
        .serve(v2.workflow, v2.service())
        .serveAs(CLASS, old.workflow, old.service())).get();
    assertEquals(SHIPPED, component(result, "ship"));
    assertEquals(List.of("old:pack", "old:ship"), Gate.ran().subList(Gate.ran().size() - 2, Gate.ran().size()),
        "the run that started on v1 finished on v1's code");

    // A new run, started with the new declaration, on the same worker: the new code.
    Gate.reset();
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(factory.newWorker(queue)).serve(v2.workflow, v2.service()).serveAs(CLASS, old.workflow, old.service());
    factory.start();
    try {
      Object fresh = ErrandsClient.of(env.getWorkflowClient(), queue).run(v2.workflow, "A-1");
      assertEquals("told of " + SHIPPED, component(fresh, "notifyCustomer"));
      assertTrue(Gate.ran().stream().allMatch(step -> step.startsWith("v2:")), Gate.ran().toString());
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The check for users' CI

  @Test
  void aRecordedHistoryTellsWhetherAChangeIsSafe() throws Exception {
    Loaded v1Quick = compile("v1", false, PICK, LABEL, PACK, SHIP);
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(factory.newWorker(queue)).serve(v1Quick.workflow, v1Quick.service());
    factory.start();
    WorkflowExecutionHistory history;
    try {
      String id = ErrandsClient.of(env.getWorkflowClient(), queue).start(v1Quick.workflow, "A-1").workflowId();
      ErrandsClient.of(env.getWorkflowClient(), queue).attach(id, v1Quick.workflow).result();
      // As `temporal workflow show --output json` exports it, and a test reads it back.
      history = WorkflowExecutionHistory.fromJson(env.getWorkflowClient().fetchHistory(id).toJson(true));
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    // The same version, and a safe change (methods swapped): the history replays, the check passes.
    for (Loaded version : List.of(v1Quick, compile("v2", false, LABEL, PICK, PACK, SHIP))) {
      replaysSafely(history, worker -> worker.serve(version.workflow, version.service()));
    }
    // A change that runs in flight cannot take: the check says what changed.
    Loaded unsafe = compile("v2", false, PICK, LABEL, PACK, SHIP, NOTIFY);
    Worker worker = env.newWorker(queue());
    ErrandsWorker errands = ErrandsWorker.on(worker).serve(unsafe.workflow, unsafe.service());
    var e = assertThrows(DeclarationChangedException.class, () -> errands.check(history));
    assertTrue(e.getMessage().contains("step 'notifyCustomer' is not in the declaration this run started with"), e.getMessage());
    // Temporal's replayer alone rejects it too, for a finished run, but only as non-determinism at its last event.
    assertThrows(Exception.class, () -> WorkflowReplayer.replayWorkflowExecution(history, worker));
    // For a run in flight, Temporal's replayer alone sees nothing wrong: the worker replays the
    // graph the run recorded, and fails the run only once the replay is over.
    WorkflowExecutionHistory inFlight = inFlightHistory();
    assertThrows(DeclarationChangedException.class, () -> errands.check(inFlight));
    WorkflowReplayer.replayWorkflowExecution(inFlight, worker);
    // The same, with the old version kept beside the new one: safe again.
    Loaded old = compileAs("com.example.deploy.ShopV1", "old", PICK, LABEL, PACK, SHIP);
    replaysSafely(history, w -> w.serve(unsafe.workflow, unsafe.service()).serveAs(CLASS, old.workflow, old.service()));
  }

  @WorkflowInterface
  public interface Plain {
    @WorkflowMethod
    String go(String in);
  }

  public static class PlainImpl implements Plain {
    @Override
    public String go(String in) {
      return in;
    }
  }

  @Test
  void theCheckOfAHistoryOfAnotherWorkflowSaysItIsNotErrands() throws Exception {
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    factory.newWorker(queue).registerWorkflowImplementationTypes(PlainImpl.class);
    factory.start();
    WorkflowExecutionHistory history;
    try {
      String id = "plain-" + queue;
      var stub = env.getWorkflowClient().newWorkflowStub(Plain.class,
          WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
      assertEquals("hi", stub.go("hi"));
      history = env.getWorkflowClient().fetchHistory(id);
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    ErrandsWorker errands = ErrandsWorker.on(env.newWorker(queue())).serve(v1.workflow, v1.service());
    var e = assertThrows(IllegalArgumentException.class, () -> errands.check(history));
    assertTrue(e.getMessage().startsWith("the run of Plain recorded no declaration")
        || e.getMessage().startsWith("the history of Plain is not that of a run of errands-temporal"), e.getMessage());
  }

  /** The history of a run of version 1 whose long step is running. */
  private static WorkflowExecutionHistory inFlightHistory() throws Exception {
    Gate.reset();
    String queue = queue();
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(factory.newWorker(queue, notSticky())).serve(v1.workflow, v1.service());
    factory.start();
    try {
      String id = ErrandsClient.of(env.getWorkflowClient(), queue).start(v1.workflow, "A-1").workflowId();
      assertTrue(Gate.entered().await(20, TimeUnit.SECONDS), "the long step started");
      return WorkflowExecutionHistory.fromJson(env.getWorkflowClient().fetchHistory(id).toJson(true));
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** What a user's test does: the worker serves the history's declaration, and errands' workflow code replays it. */
  private static void replaysSafely(WorkflowExecutionHistory history, Serving serving) throws Exception {
    Worker worker = env.newWorker(queue());
    ErrandsWorker errands = serving.serve(ErrandsWorker.on(worker));
    errands.check(history);
    WorkflowReplayer.replayWorkflowExecution(history, worker);
  }

  // ---------------------------------------------------------------------------------------------
  // How

  /** What version 2's worker serves. */
  private interface Serving {
    ErrandsWorker serve(ErrandsWorker worker) throws Exception;
  }

  private static java.util.concurrent.Future<Object> takeOver(Loaded v2) throws Exception {
    return takeOver(v1, worker -> worker.serve(v2.workflow, v2.service()));
  }

  /**
   * Starts a run on {@code first}'s worker; once its long step has started, starts version 2's
   * worker and stops the first: the step's attempt fails, and its retry (and the rest of the run)
   * is version 2's. Returns the run's result, or its failure, within 30 s.
   */
  private static java.util.concurrent.Future<Object> takeOver(Loaded first, Serving second) throws Exception {
    Gate.reset();
    String queue = queue();
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1));
    WorkerFactory one = WorkerFactory.newInstance(env.getWorkflowClient());
    ErrandsWorker.on(one.newWorker(queue, notSticky()), options).serve(first.workflow, first.service());
    one.start();
    var errands = ErrandsClient.of(env.getWorkflowClient(), queue);
    var run = errands.start(first.workflow, "A-1");
    assertTrue(Gate.entered().await(20, TimeUnit.SECONDS), "the long step started on version 1");
    WorkerFactory two = WorkerFactory.newInstance(env.getWorkflowClient());
    second.serve(ErrandsWorker.on(two.newWorker(queue), options));
    two.start();
    one.shutdownNow();
    one.awaitTermination(10, TimeUnit.SECONDS);
    var result = new java.util.concurrent.CompletableFuture<Object>();
    try {
      result.complete(run.resultAsync().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      result.completeExceptionally(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the run did not end: it is stuck; its history:\n"
          + env.getWorkflowClient().fetchHistory(run.workflowId()).toProtoText(true), e);
    } finally {
      two.shutdownNow();
      two.awaitTermination(10, TimeUnit.SECONDS);
    }
    return result;
  }

  /** Version 2 takes over; the run fails at once, before any of version 2's steps ran, saying what changed. */
  private static void failsAtOnce(Loaded v2, String step, String... changes) throws Exception {
    long start = System.nanoTime();
    var error = assertThrows(ExecutionException.class, () -> takeOver(v2).get());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    var changed = assertInstanceOf(DeclarationChangedException.class, error.getCause());
    assertEquals(CLASS, changed.workflow());
    assertEquals(step, changed.step());
    for (String change : changes) {
      assertTrue(changed.getMessage().contains(change), "'" + change + "' in:\n" + changed.getMessage());
    }
    assertTrue(changed.getMessage().contains("The run started with declaration " + ErrandsWorker.fingerprint(v1.workflow)),
        changed.getMessage());
    assertFalse(Gate.ran().stream().anyMatch(ran -> ran.startsWith("v2:")), "no step of version 2 ran: " + Gate.ran());
    assertTrue(seconds < 20, "failed after " + seconds + " s");
  }

  private static String fingerprintAs(Loaded version) {
    return Declarations.of(CLASS, version.workflow.view()).fingerprint();
  }

  private static Object component(Object record, String name) throws ReflectiveOperationException {
    return record.getClass().getMethod(name).invoke(record);
  }

  private static String queue() {
    return "deploy-" + queues.incrementAndGet();
  }

  /** See {@link DurabilityTest}: the test server never moves a run off a stopped worker's sticky queue. */
  private static WorkerOptions notSticky() {
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  /** A version of the service class: its declaration, and how to make its service. */
  private record Loaded(Workflow<Object, Object> workflow, Class<?> serviceClass) {
    Object service() throws ReflectiveOperationException {
      return serviceClass.getConstructor().newInstance();
    }
  }

  private static Loaded compile(String version, boolean hold, String... methods) throws IOException {
    return compile(CLASS, version, hold, methods);
  }

  private static Loaded compileAs(String className, String version, String... methods) throws IOException {
    return compile(className, version, false, methods);
  }

  /** Compiles {@code className} with {@code methods}, with the processor, and loads it in a class loader of its own. */
  @SuppressWarnings("unchecked")
  private static final java.util.Map<String, Loaded> compiled = new java.util.HashMap<>();

  private static Loaded compile(String className, String version, boolean hold, String[] methods) throws IOException {
    String key = className + "|" + version + "|" + hold + "|" + String.join("|", methods);
    Loaded loaded = compiled.get(key);
    if (loaded == null) {
      loaded = compileNow(className, version, hold, methods);
      compiled.put(key, loaded);
    }
    return loaded;
  }

  private static Loaded compileNow(String className, String version, boolean hold, String[] methods) throws IOException {
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    String source = "package com.example.deploy;\n\n"
        + "import dev.errands.Parallel;\nimport dev.errands.Sequential;\nimport dev.errands.temporal.Gate;\nimport java.util.List;\n\n"
        + "public class " + simpleName + " {\n"
        + "  static final String V = \"" + version + "\";\n"
        + "  static final boolean HOLD = " + hold + ";\n\n"
        + String.join("\n", methods) + "}\n";
    Path out = Files.createTempDirectory("errands-deploy-" + version);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    JavaFileObject file = new SimpleJavaFileObject(
        URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    var diagnostics = new StringWriter();
    var options = new ArrayList<>(List.of("-classpath", classPath, "-d", out.toString(), "-s", out.toString()));
    var task = javac.getTask(diagnostics, files, null, options, null, List.of(file));
    task.setProcessors(List.of(new ErrandsProcessor()));
    assertTrue(task.call(), diagnostics + "\n" + source);
    var loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, DeployTest.class.getClassLoader());
    try {
      Class<?> orchestrator = loader.loadClass(className + "Orchestrator");
      var workflow = (Workflow<Object, Object>) orchestrator.getMethod("workflow").invoke(null);
      return new Loaded(workflow, loader.loadClass(className));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
