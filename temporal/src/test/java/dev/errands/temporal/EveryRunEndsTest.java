package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every run ends, with an errands exception: a step that outlives the default step timeout, values
 * over the payload limit, a non-determinism error, a terminated or cancelled run, a workflow id
 * taken or unknown. (A step whose worker is lost too often: {@link CrashTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRunEndsTest {
  private static final String QUEUE = "ends";
  private static final int SMALL_LIMIT = 1000;

  private final Steps steps = new Steps();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;

  /** What the declarations below call. */
  static class Steps {
    final AtomicInteger slowRuns = new AtomicInteger();
    final CountDownLatch slowInterrupted = new CountDownLatch(1);
    final AtomicInteger bigResultRuns = new AtomicInteger();
    final CountDownLatch longStarted = new CountDownLatch(1);

    String slow() throws InterruptedException {
      slowRuns.incrementAndGet();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        slowInterrupted.countDown();
        throw e;
      }
      return "slow";
    }

    String big(int chars) {
      return "x".repeat(chars);
    }

    String long_() throws InterruptedException {
      longStarted.countDown();
      Thread.sleep(60_000);
      return "long";
    }
  }

  record One(String value) {}

  record Two(String a, String b) {}

  record Three(String a, String b, String c) {}

  /** A step without @Timeout that sleeps a minute: the default step timeout is 300 ms here. */
  static final Workflow<Steps, One> SLOW = Workflow.<Steps>builder("ends.Slow")
      .step("slow", after(), (s, in) -> s.slow())
      .build(in -> new One((String) in.result(0)));

  /** A result of 3 MB, over Temporal's default limit; retried on any exception, which it is not. */
  static final Workflow<Steps, One> BIG_RESULT = Workflow.<Steps>builder("ends.BigResult")
      .step("big", after().retry(3, 10, MILLISECONDS, 1.0, Exception.class), (s, in) -> {
        s.bigResultRuns.incrementAndGet();
        return s.big(3_000_000);
      })
      .build(in -> new One((String) in.result(0)));

  /** Two results under the small limit, which c takes both of: its arguments are over it. */
  static final Workflow<Steps, Three> BIG_ARGUMENTS = Workflow.<Steps>builder("ends.BigArguments")
      .step("a", after(), (s, in) -> s.big(600))
      .step("b", after(), (s, in) -> s.big(700))
      .step("c", after(0, 1), (s, in) -> "c")
      .build(in -> new Three((String) in.result(0), (String) in.result(1), (String) in.result(2)));

  /** Two results under the small limit: the run's result, both of them, is over it. */
  static final Workflow<Steps, Two> BIG_RUN_RESULT = Workflow.<Steps>builder("ends.BigRunResult")
      .step("a", after(), (s, in) -> s.big(600))
      .step("b", after(), (s, in) -> s.big(700))
      .build(in -> new Two((String) in.result(0), (String) in.result(1)));

  /** One input, as big as the test makes it. */
  static final Workflow<Steps, One> ECHO = Workflow.<Steps>builder("ends.Echo", "text")
      .step("echo", after(), (s, in) -> (String) in.input(0))
      .build(in -> new One((String) in.result(0)));

  /** A step that runs for a minute, to cancel or terminate. */
  static final Workflow<Steps, One> LONG = Workflow.<Steps>builder("ends.Long")
      .step("long", after(), (s, in) -> s.long_())
      .build(in -> new One((String) in.result(0)));

  /** Two steps in a row: the second workflow task replays the first. */
  static final Workflow<Steps, Two> TWO_STEPS = Workflow.<Steps>builder("ends.TwoSteps")
      .step("a", after(), (s, in) -> "a")
      .step("b", after(0), (s, in) -> (String) in.result(0) + "b")
      .build(in -> new Two((String) in.result(0), (String) in.result(1)));

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    ErrandsWorker.on(env.newWorker(QUEUE), options())
        .serve(SLOW, steps)
        .serve(BIG_RESULT, steps)
        .serve(ECHO, steps)
        .serve(LONG, steps)
        .serve(TWO_STEPS, steps);
    ErrandsWorker.on(env.newWorker(QUEUE + "-small"), options().withPayloadLimit(SMALL_LIMIT))
        .serve(BIG_ARGUMENTS, steps)
        .serve(BIG_RUN_RESULT, steps);
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  private static ErrandsWorker.Options options() {
    return ErrandsWorker.Options.defaults()
        .withHeartbeat(Duration.ofSeconds(1))
        .withDefaultStepTimeout(Duration.ofMillis(300));
  }

  @Test
  void aStepThatOutlivesTheDefaultStepTimeoutFailsOnceInsteadOfBeingRestarted() throws Exception {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(SLOW));
    assertEquals("slow", failed.step());
    assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals("step 'slow' of ends.Slow ran longer than the default step timeout of 300 ms"
        + " (ErrandsWorker.Options.defaultStepTimeout); give it a @Timeout", failed.getCause().getMessage());
    assertTrue(steps.slowInterrupted.await(10, TimeUnit.SECONDS), "the step was interrupted");
    assertEquals(1, steps.slowRuns.get(), "the step ran once");
  }

  @Test
  void attemptsAndTheScheduleToCloseBoundAreSetOnEveryActivity() {
    var run = errands.start(TWO_STEPS);
    run.result();
    var scheduled = events(run.workflowId(), e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertEquals(2, scheduled.size());
    for (HistoryEvent event : scheduled) {
      var attributes = event.getActivityTaskScheduledEventAttributes();
      assertEquals(4, attributes.getRetryPolicy().getMaximumAttempts(), "one run and 3 after lost workers");
      // (300 ms + a 1 s heartbeat) x 4 runs + 3 pauses of 10 s
      assertEquals(Duration.ofMillis(35_200), duration(attributes.getScheduleToCloseTimeout()));
      assertEquals(Duration.ofMillis(1_300), duration(attributes.getStartToCloseTimeout()));
    }
  }

  @Test
  void aResultOverTheDefaultPayloadLimitFailsItsStepOnceWithAMessage() {
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(BIG_RESULT));
    assertEquals("big", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertTrue(cause.is(PayloadTooLargeException.class), cause.type());
    assertTrue(cause.getMessage().startsWith("the result of step 'big' of ends.BigResult: 2.9 MiB ("), cause.getMessage());
    assertTrue(cause.getMessage().endsWith(" bytes) as a Temporal payload, over the limit of 2 MiB (2097152 bytes), set by"
        + " ErrandsWorker.Options.payloadLimit; Temporal would refuse it: pass a reference to the data (a key, a URL)"
        + " instead"), cause.getMessage());
    assertEquals(1, steps.bigResultRuns.get(), "not retried, though its @Retry admits any exception");
  }

  @Test
  void argumentsOverTheLimitFailTheStepThatWouldTakeThem() {
    var failed = assertThrows(WorkflowFailedException.class,
        () -> ErrandsClient.of(client, QUEUE + "-small").run(BIG_ARGUMENTS));
    assertEquals("c", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertTrue(cause.is(PayloadTooLargeException.class), cause.type());
    assertTrue(cause.getMessage().startsWith("the arguments of step 'c' of ends.BigArguments (the run's inputs and the"
        + " results it takes): "), cause.getMessage());
    assertTrue(cause.getMessage().contains("over the limit of 1000 bytes, set by ErrandsWorker.Options.payloadLimit;"),
        cause.getMessage());
  }

  @Test
  void aRunResultOverTheLimitFailsTheRunNamingItsLargestStep() {
    var failed = assertThrows(WorkflowFailedException.class,
        () -> ErrandsClient.of(client, QUEUE + "-small").run(BIG_RUN_RESULT));
    assertEquals("b", failed.step());
    var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
    assertTrue(cause.is(PayloadTooLargeException.class), cause.type());
    assertTrue(cause.getMessage().startsWith("the result of ends.BigRunResult (the values of all its steps; the largest,"
        + " step 'b': "),
        cause.getMessage());
  }

  @Test
  void inputsOverTheLimitAreRefusedBeforeTheRunStarts() {
    var tooLarge = assertThrows(PayloadTooLargeException.class, () -> errands.start("too-large", ECHO, "x".repeat(3_000_000)));
    assertEquals(ErrandsWorker.Options.DEFAULT_PAYLOAD_LIMIT, tooLarge.limit());
    assertTrue(tooLarge.getMessage().startsWith("the inputs of ends.Echo: 2.9 MiB"), tooLarge.getMessage());
    var small = assertThrows(PayloadTooLargeException.class,
        () -> errands.withPayloadLimit(2_000).start("too-large", ECHO, "x".repeat(2_000)));
    assertTrue(small.getMessage().contains("over the limit of 2000 bytes, set by ErrandsClient.withPayloadLimit;"), small.getMessage());
    assertThrows(NoSuchElementException.class, () -> errands.attach("too-large", ECHO).result(), "no run was started");
    assertEquals(new One("fits"), errands.withPayloadLimit(2_000).run(ECHO, "fits"));
  }

  @Test
  void aNonDeterminismErrorFailsTheRunByDefault() throws Exception {
    String queue = QUEUE + "-nondeterministic";
    WorkerFactory factory = nondeterministicFactory();
    ErrandsWorker.on(factory.newWorker(queue, notSticky()), options()).serve(TWO_STEPS, steps);
    factory.start();
    try {
      var run = ErrandsClient.of(client, queue).start(TWO_STEPS);
      var failed = assertInstanceOf(WorkflowFailedException.class, failure(run));
      assertEquals("a", failed.step(), "the last step scheduled");
      var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
      assertTrue(cause.is(NonDeterministicException.class), cause.type());
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withTemporalsDefaultOptionsANonDeterminismErrorLeavesTheRunOpenUntilItIsTerminated() throws Exception {
    String queue = QUEUE + "-retried";
    WorkerFactory factory = nondeterministicFactory();
    ErrandsWorker.on(factory.newWorker(queue, notSticky()), options(), WorkflowImplementationOptions.getDefaultInstance())
        .serve(TWO_STEPS, steps);
    factory.start();
    try {
      var run = ErrandsClient.of(client, queue).start(TWO_STEPS);
      awaitEvent(run.workflowId(), e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      assertEquals(List.of(), events(run.workflowId(), e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED),
          "the run is still open, its workflow task retried");
      client.newUntypedWorkflowStub(run.workflowId()).terminate("a bad deploy");

      var failed = assertThrows(WorkflowFailedException.class, run::result);
      assertEquals("a", failed.step());
      var cause = assertInstanceOf(RemoteStepException.class, failed.getCause());
      assertEquals("io.temporal.failure.TerminatedFailure", cause.type());
      assertEquals("the run with workflow id " + run.workflowId() + " was terminated on Temporal: a bad deploy", cause.getMessage());
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Workers whose workflow code changes between two workflow tasks of a run: on replay, a timer
   * comes first, where the history has the first step's activity. No workflow cache, so that every
   * workflow task replays.
   */
  private static WorkerOptions notSticky() {
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  private WorkerFactory nondeterministicFactory() {
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(0)
        .setWorkerInterceptors(new WorkerInterceptorBase() {
          @Override
          public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
            return new WorkflowInboundCallsInterceptorBase(next) {
              @Override
              public WorkflowOutput execute(WorkflowInput input) {
                if (io.temporal.workflow.Workflow.isReplaying()) {
                  io.temporal.workflow.Workflow.sleep(Duration.ofMillis(1));
                }
                return super.execute(input);
              }
            };
          }
        })
        .build());
  }

  @Test
  void aCancelledRunThrowsCancellationException() throws Exception {
    var run = errands.start(LONG);
    assertTrue(steps.longStarted.await(10, TimeUnit.SECONDS));
    run.cancel();
    assertThrows(CancellationException.class, run::result);
    var async = assertThrows(java.util.concurrent.ExecutionException.class, () -> run.resultAsync().get(10, TimeUnit.SECONDS));
    assertInstanceOf(CancellationException.class, async.getCause());
    run.cancel(); // ended: nothing to do
    assertThrows(NoSuchElementException.class, () -> errands.attach("no-such-run", LONG).cancel());
  }

  @Test
  void aSecondRunWithTheIdOfARunningOneIsRefused() {
    var run = errands.start("taken", LONG);
    try {
      var refused = assertThrows(RunAlreadyStartedException.class, () -> errands.start("taken", LONG));
      assertEquals("taken", refused.workflowId());
    } finally {
      run.cancel();
    }
  }

  @Test
  void anUnknownWorkflowIdThrowsNoSuchElementException() {
    var unknown = errands.attach("never-started", ECHO);
    assertThrows(NoSuchElementException.class, unknown::result);
    var async = assertThrows(java.util.concurrent.ExecutionException.class, () -> unknown.resultAsync().get(10, TimeUnit.SECONDS));
    assertInstanceOf(NoSuchElementException.class, async.getCause());
  }

  @Test
  void runsArePinnedToTheirBuildOnlyOnWorkersThatUseWorkerVersioning() {
    var versioned = WorkerOptions.newBuilder().setDeploymentOptions(WorkerDeploymentOptions.newBuilder()
        .setUseVersioning(true)
        .setVersion(new WorkerDeploymentVersion("errands-test", "1"))
        .build()).build();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    var pinned = ErrandsWorker.on(factory.newWorker("versioned", versioned));
    var upgraded = ErrandsWorker.on(factory.newWorker("versioned-auto", versioned),
        ErrandsWorker.Options.defaults().withVersioningBehavior(VersioningBehavior.AUTO_UPGRADE));
    var unversioned = ErrandsWorker.on(factory.newWorker("unversioned"));
    assertEquals(VersioningBehavior.PINNED, new GraphWorkflow(pinned).getVersioningBehavior());
    assertEquals(VersioningBehavior.AUTO_UPGRADE, new GraphWorkflow(upgraded).getVersioningBehavior());
    assertEquals(VersioningBehavior.UNSPECIFIED, new GraphWorkflow(unversioned).getVersioningBehavior(),
        "the service refuses a behaviour from a worker without versioning");
    // The test server does not implement Worker Versioning: this shows only that a versioned worker
    // runs a declaration (its workflow task completions carry PINNED, which the server ignores here).
    pinned.serve(TWO_STEPS, steps);
    factory.start();
    try {
      assertEquals(new Two("a", "ab"), ErrandsClient.of(client, "versioned").start(TWO_STEPS).resultAsync().get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      factory.shutdownNow();
    }
  }

  /** What the run failed with, waiting for it for 30 s at most. */
  private Throwable failure(ErrandsClient.Started<?> run) throws InterruptedException {
    try {
      Object result = run.resultAsync().get(30, TimeUnit.SECONDS);
      throw new AssertionError("the run succeeded: " + result);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the run did not end; its history:\n" + client.fetchHistory(run.workflowId()).toProtoText(true), e);
    }
  }

  private List<HistoryEvent> events(String workflowId, Predicate<HistoryEvent> which) {
    return client.fetchHistory(workflowId).getEvents().stream().filter(which).toList();
  }

  /** Polls the run's history until an event matches (the history is the only thing to wait on). */
  private void awaitEvent(String workflowId, Predicate<HistoryEvent> which) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (events(workflowId, which).isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no such event; history:\n" + client.fetchHistory(workflowId).toProtoText(true));
      }
      Thread.sleep(50);
    }
  }

  private static Duration duration(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }
}
