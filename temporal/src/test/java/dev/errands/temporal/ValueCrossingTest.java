package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverterException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Values and failures crossing Temporal: they come back as they were, or their step (or the call)
 * fails once, saying why; never a changed value, a step run again, or a Temporal type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValueCrossingTest {
  private static final String QUEUE = "crossing";

  static class Steps {
    final AtomicInteger unwritableRuns = new AtomicInteger();
    final AtomicInteger hugeRuns = new AtomicInteger();
  }

  /** Jackson cannot write it: its accessor throws. */
  public record Unwritable(String x) {
    @Override
    public String x() {
      throw new IllegalStateException("no x today");
    }
  }

  record Two(Object a, Object b) {}

  /** A step returns a Map<Long, String>; the next looks a key up. */
  static final Workflow<Steps, Two> LONG_KEYS = Workflow.<Steps>builder("crossing.LongKeys")
      .step("byId", after(), (s, in) -> {
        var m = new HashMap<Long, String>();
        m.put(42L, "Ada");
        return m;
      })
      .step("lookup", after(0), (s, in) -> {
        @SuppressWarnings("unchecked")
        var m = (Map<Long, String>) in.result(0);
        return "found " + m.get(42L);
      })
      .build(in -> new Two(in.result(0), in.result(1)));

  /** Optional results, present and empty, that the next step reads as Optionals. */
  static final Workflow<Steps, Two> OPTIONALS = Workflow.<Steps>builder("crossing.Optionals")
      .step("present", after(), (s, in) -> Optional.of("x"))
      .step("empty", after(), (s, in) -> Optional.empty())
      .step("use", after(0, 1), (s, in) -> ((Optional<?>) in.result(0)).map(String::valueOf).orElse("none") + "/"
          + ((Optional<?>) in.result(1)).map(String::valueOf).orElse("none"))
      .build(in -> new Two(in.result(0), in.result(2)));

  /** A step whose result the data converter cannot write. */
  static final Workflow<Steps, Two> UNWRITABLE = Workflow.<Steps>builder("crossing.Unwritable")
      .step("bad", after().retry(3, 10, TimeUnit.MILLISECONDS, 1.0, Exception.class), (s, in) -> {
        s.unwritableRuns.incrementAndGet();
        return new Unwritable("x");
      })
      .build(in -> new Two(in.result(0), null));

  /** Fails with a 5 MB message, and a suppressed exception with another. */
  static final Workflow<Steps, Two> HUGE_MESSAGE = Workflow.<Steps>builder("crossing.HugeMessage")
      .step("huge", after(), (s, in) -> {
        s.hugeRuns.incrementAndGet();
        var e = new IllegalStateException("y".repeat(5_000_000));
        e.addSuppressed(new IllegalArgumentException("z".repeat(5_000_000)));
        throw e;
      })
      .build(in -> new Two(in.result(0), null));

  record Item(String name) {}

  /** A step whose result is a JDK class that the converter neither names nor trusts. */
  static final Workflow<Steps, Two> UNTRUSTED = Workflow.<Steps>builder("crossing.Untrusted")
      .step("uri", after(), (s, in) -> URI.create("https://example.org/"))
      .build(in -> new Two(in.result(0), null));

  static final Workflow<Steps, Two> ECHO = Workflow.<Steps>builder("crossing.Echo", "text")
      .step("echo", after(), (s, in) -> in.input(0))
      .build(in -> new Two(in.result(0), null));

  static final Workflow<Steps, Two> ITEM = Workflow.<Steps>builder("crossing.Item")
      .step("item", after(), (s, in) -> new Item("a"))
      .build(in -> new Two(in.result(0), null));

  /** What a step sees of its workflow; the copy below is served as this one. */
  static final Workflow<Steps, Two> CTX = Workflow.<Steps>builder("crossing.Ctx")
      .step("name", after(), (s, in) -> in.context().workflow() + " on " + Thread.currentThread().getName())
      .step("late", after().timeout(1, TimeUnit.MILLISECONDS).tolerated(), (s, in) -> {
        Thread.sleep(60_000);
        return "late";
      })
      .build(in -> new Two(in.result(0), in.outcome(1)));

  static final Workflow<Steps, Two> CTX_V1 = Workflow.<Steps>builder("crossing.CtxV1")
      .step("name", after(), (s, in) -> in.context().workflow() + " on " + Thread.currentThread().getName())
      .step("late", after().timeout(1, TimeUnit.MILLISECONDS).tolerated(), (s, in) -> {
        Thread.sleep(60_000);
        return "late";
      })
      .build(in -> new Two(in.result(0), in.outcome(1)));

  private final Steps steps = new Steps();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;
  private Worker worker;
  private RuntimeException secondOnOneWorker;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    worker = env.newWorker(QUEUE);
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)).withDefaultStepTimeout(Duration.ofSeconds(20));
    ErrandsWorker.on(worker, options)
        .serve(LONG_KEYS, steps)
        .serve(OPTIONALS, steps)
        .serve(UNWRITABLE, steps)
        .serve(HUGE_MESSAGE, steps)
        .serve(ECHO, steps)
        .serve(ITEM, steps)
        .serve(UNTRUSTED, steps)
        .serveAs("crossing.Ctx", CTX_V1, steps);
    var twice = env.newWorker(QUEUE + "-twice");
    ErrandsWorker.on(twice);
    try {
      ErrandsWorker.on(twice);
    } catch (RuntimeException e) {
      secondOnOneWorker = e;
    }
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void aMapWithLongKeysKeepsItsKeysForTheNextStepAndTheCaller() throws Exception {
    Two inProcess = LONG_KEYS.run(steps, RunOptions.defaults());
    assertEquals("found Ada", inProcess.b());
    Two temporal = errands.run(LONG_KEYS);
    assertEquals(inProcess, temporal);
    assertEquals(Long.class, ((Map<?, ?>) temporal.a()).keySet().iterator().next().getClass());
  }

  @Test
  void optionalResultsStayOptionals() throws Exception {
    Two inProcess = OPTIONALS.run(steps, RunOptions.defaults());
    assertEquals(new Two(Optional.of("x"), "x/none"), inProcess);
    assertEquals(inProcess, errands.run(OPTIONALS));
  }

  @Test
  void aResultTheConverterCannotWriteFailsItsStepOnceSayingSo() {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(UNWRITABLE));
    assertEquals("bad", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertEquals(IllegalArgumentException.class.getName(), cause.type());
    assertTrue(cause.getMessage().startsWith("the result of step 'bad' of crossing.Unwritable cannot be written"), cause.getMessage());
    assertTrue(cause.getMessage().contains("no x today"), cause.getMessage());
    assertEquals(1, steps.unwritableRuns.get(), "runs of the step's body");
  }

  @Test
  void aFailureWithAHugeMessageFailsItsStepOnceWithItsMessageCut() {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(HUGE_MESSAGE));
    assertEquals("huge", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertEquals(IllegalStateException.class.getName(), cause.type());
    String cut = " characters cut)";
    assertTrue(cause.getMessage().startsWith("yyyy") && cause.getMessage().endsWith(cut), cause.getMessage().substring(0, 100));
    assertTrue(cause.getMessage().length() <= Wire.StepError.MAX_MESSAGE, "length " + cause.getMessage().length());
    var suppressed = assertInstanceOf(RemoteStepException.class, cause.getSuppressed()[0]);
    assertEquals(IllegalArgumentException.class.getName(), suppressed.type());
    assertTrue(suppressed.getMessage().startsWith("zzzz") && suppressed.getMessage().endsWith(cut));
    assertEquals(1, steps.hugeRuns.get(), "runs of the step's body");
  }

  @Test
  void anInputTheConverterCannotWriteIsRefusedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> errands.start(ECHO, new Unwritable("x")));
    assertTrue(e.getMessage().startsWith("cannot start crossing.Echo: input 'text' (" + Unwritable.class.getName()
        + ") cannot be written by the client's data converter"), e.getMessage());
    assertInstanceOf(DataConverterException.class, e.getCause());
  }

  @Test
  void aResultTheClientCannotReadIsAnErrandsException() throws Exception {
    String id = errands.start(ITEM).workflowId();
    assertEquals(new Two(new Item("a"), null), errands.attach(id, ITEM).result());
    var stranger = ErrandsClient.of(WorkflowClient.newInstance(env.getWorkflowServiceStubs(), WorkflowClientOptions.newBuilder()
        .setNamespace(env.getNamespace()).setDataConverter(ErrandsDataConverter.trusting("com.acme.")).build()), QUEUE);
    var e = assertThrows(IllegalStateException.class, () -> stranger.attach(id, ITEM).result());
    assertTrue(e.getMessage().contains("this client's data converter cannot read its result"), e.getMessage());
    assertInstanceOf(DataConverterException.class, e.getCause());
    var async = assertThrows(ExecutionException.class, () -> stranger.attach(id, ITEM).resultAsync().get());
    assertInstanceOf(IllegalStateException.class, async.getCause());
    assertTrue(async.getCause().getMessage().contains("cannot read its result"), async.getCause().getMessage());
  }

  @Test
  void anInputTheClientDoesNotTrustIsRefusedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> errands.start(ECHO, URI.create("https://example.org/")));
    assertTrue(e.getMessage().startsWith("cannot start crossing.Echo: input 'text' (java.net.URI) cannot be written"), e.getMessage());
    assertTrue(e.getMessage().contains("nor in a package it trusts"), e.getMessage());
  }

  @Test
  void anInputTheWorkerDoesNotTrustFailsTheRunSayingItsArgumentsCannotBeRead() {
    var trustingMore = ErrandsClient.of(WorkflowClient.newInstance(env.getWorkflowServiceStubs(), WorkflowClientOptions.newBuilder()
        .setNamespace(env.getNamespace()).setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.", "java.net."))
        .build()), QUEUE);
    var failed = assertThrows(WorkflowFailedException.class, () -> trustingMore.run(ECHO, URI.create("https://example.org/")));
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertEquals(IllegalArgumentException.class.getName(), cause.type());
    assertTrue(cause.getMessage().contains("cannot read the arguments of this run of crossing.Echo"), cause.getMessage());
    assertTrue(cause.getMessage().contains("java.net.URI"), cause.getMessage());
  }

  @Test
  void aResultOfAClassTheWorkerDoesNotTrustFailsItsStepSayingSo() {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(UNTRUSTED));
    assertEquals("uri", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertTrue(cause.getMessage().startsWith("the result of step 'uri' of crossing.Untrusted cannot be written"), cause.getMessage());
    assertTrue(cause.getMessage().contains("a java.net.URI cannot cross Temporal where its type is not declared"), cause.getMessage());
  }

  @Test
  void aNullInputCrossesAsNullAndANullArrayIsRefusedAsInProcess() throws Exception {
    assertEquals(new Two(null, null), ECHO.run(steps, RunOptions.defaults(), (Object) null));
    assertEquals(new Two(null, null), errands.run(ECHO, (Object) null));
    assertThrows(NullPointerException.class, () -> ECHO.run(steps, RunOptions.defaults(), (Object[]) null));
    assertThrows(NullPointerException.class, () -> errands.start(ECHO, (Object[]) null));
  }

  @Test
  void aVersionServedUnderAnotherNameShowsThatName() throws Exception {
    Two result = errands.run(CTX);
    assertEquals("crossing.Ctx on Ctx.name", result.a());
    var late = assertInstanceOf(Outcome.Failure.class, result.b());
    var timeout = assertInstanceOf(TimeoutException.class, late.cause());
    assertTrue(timeout.getMessage().startsWith("step 'late' of crossing.Ctx ran longer"), timeout.getMessage());
  }

  @Test
  void aSecondErrandsWorkerOnOneWorkerIsRefused() {
    assertInstanceOf(IllegalStateException.class, secondOnOneWorker);
    assertTrue(secondOnOneWorker.getMessage().contains("a worker can have only one ErrandsWorker"), secondOnOneWorker.getMessage());
  }
}
