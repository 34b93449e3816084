package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.Workflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client Temporal users expect: their own {@link WorkflowOptions}, a run's progress by query,
 * a run cancelled from another client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
  private static final String QUEUE = "client";

  private TestWorkflowEnvironment env;
  private ErrandsClient errands;

  /** What the steps wait for, per test. */
  static final class Gates {
    final CountDownLatch bStarted = new CountDownLatch(1);
    final CountDownLatch releaseB = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger onceRuns = new java.util.concurrent.atomic.AtomicInteger();
    final CountDownLatch waitStarted = new CountDownLatch(1);
    final CountDownLatch waitInterrupted = new CountDownLatch(1);
    final CountDownLatch failingStarted = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger failingRuns = new java.util.concurrent.atomic.AtomicInteger();
  }

  private final Gates gates = new Gates();

  record Abc(String a, String b, String c) {}

  /** a, then b (which waits for the test), then c. */
  static final Workflow<Gates, Abc> ABC = Workflow.<Gates>builder("client.Abc")
      .step("a", after(), (g, in) -> "a")
      .step("b", after(0), (g, in) -> {
        g.bStarted.countDown();
        g.releaseB.await();
        return "b";
      })
      .step("c", after(1), (g, in) -> "c")
      .build(in -> new Abc((String) in.result(0), (String) in.result(1), (String) in.result(2)));

  record One(String value) {}

  /** A step that waits until it is interrupted. */
  static final Workflow<Gates, One> WAIT = Workflow.<Gates>builder("client.Wait")
      .step("wait", after(), (g, in) -> {
        g.waitStarted.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          g.waitInterrupted.countDown();
          throw e;
        }
        return "never";
      })
      .build(in -> new One((String) in.result(0)));

  /** A step that counts its runs. */
  static final Workflow<Gates, One> ONCE = Workflow.<Gates>builder("client.Once", "text")
      .step("once", after(), (g, in) -> in.input(0) + " #" + g.onceRuns.incrementAndGet())
      .build(in -> new One((String) in.result(0)));

  /** Fails every attempt; the pause before the next is 30 s. */
  static final Workflow<Gates, One> RETRY_PAUSE = Workflow.<Gates>builder("client.RetryPause")
      .step("failing", after().retry(5, 30, TimeUnit.SECONDS, 1.0, java.io.IOException.class), (g, in) -> {
        g.failingRuns.incrementAndGet();
        g.failingStarted.countDown();
        throw new java.io.IOException("down");
      })
      .build(in -> new One((String) in.result(0)));

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)))
        .serve(ABC, gates)
        .serve(WAIT, gates)
        .serve(ONCE, gates)
        .serve(RETRY_PAUSE, gates);
    env.registerSearchAttribute("CustomerId", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.start();
    errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void cancellingDuringARetryPauseEndsTheRunWithoutWaitingForThePause() throws Exception {
    var run = errands.start(RETRY_PAUSE);
    assertTrue(gates.failingStarted.await(10, TimeUnit.SECONDS));
    long start = System.nanoTime();
    run.cancel();
    assertThrows(CancellationException.class, run::result);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 10_000, "the run ended " + millis + " ms after its cancel, in a pause of 30 s");
    assertEquals(1, gates.failingRuns.get(), "attempts of the failing step");
  }

  /** Another process's client: a WorkflowClient of its own on the same service. */
  private ErrandsClient elsewhere() {
    return ErrandsClient.of(WorkflowClient.newInstance(env.getWorkflowServiceStubs(), WorkflowClientOptions.newBuilder()
        .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build()), QUEUE);
  }

  @Test
  void progressSaysWhereEachStepIsAndOptionsAndMemoPassThrough() throws Exception {
    var memo = new LinkedHashMap<String, Object>();
    memo.put("customer", "acme");
    var run = errands.start(WorkflowOptions.newBuilder()
        .setWorkflowId("client-progress")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
        .setMemo(memo)
        .build(), ABC);
    assertEquals("client-progress", run.workflowId());
    try {
      assertTrue(gates.bStarted.await(10, TimeUnit.SECONDS));
      assertEquals(Map.of("a", StepState.SUCCEEDED, "b", StepState.RUNNING, "c", StepState.NOT_STARTED),
          elsewhere().attach("client-progress", ABC).progress());
    } finally {
      gates.releaseB.countDown();
    }
    assertEquals(new Abc("a", "b", "c"), run.result());
    assertEquals(Map.of("a", StepState.SUCCEEDED, "b", StepState.SUCCEEDED, "c", StepState.SUCCEEDED), run.progress());

    var description = env.getWorkflowClient().newUntypedWorkflowStub("client-progress").describe();
    assertEquals("acme", description.getMemo("customer", String.class));
    assertEquals(ErrandsWorker.fingerprint(ABC), description.getMemo(ErrandsClient.MEMO_FINGERPRINT, String.class));
    assertEquals(Duration.ofMinutes(5), Duration.ofSeconds(
        description.getRawDescription().getExecutionConfig().getWorkflowExecutionTimeout().getSeconds()));
    // The reuse policy says no: starting again with the id of the completed run is refused, not run again.
    assertThrows(RunAlreadyStartedException.class, () -> errands.start(WorkflowOptions.newBuilder()
        .setWorkflowId("client-progress")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build(), ABC));
    assertThrows(IllegalArgumentException.class, () -> errands.start(WorkflowOptions.newBuilder()
        .setMemo(Map.of(ErrandsClient.MEMO_FINGERPRINT, "mine")).build(), ABC));
  }

  @Test
  void aRunStartedHereIsCancelledFromAnotherProcessByItsWorkflowId() throws Exception {
    var run = errands.start(WAIT);
    assertTrue(gates.waitStarted.await(10, TimeUnit.SECONDS));
    elsewhere().attach(run.workflowId(), WAIT).cancel();
    assertThrows(CancellationException.class, run::result);
    assertTrue(gates.waitInterrupted.await(10, TimeUnit.SECONDS), "the step was interrupted");
    assertEquals(Map.of("wait", StepState.CANCELLED), run.progress());
  }

  @Test
  void startingWithTheIdOfAClosedRunReturnsThatRunUnlessThePolicySaysOtherwise() {
    assertEquals(new One("x #1"), errands.start("client-once", ONCE, "x").result());
    var again = elsewhere().start("client-once", ONCE, "x");
    assertEquals(new One("x #1"), again.result(), "the closed run's result");
    assertEquals(1, gates.onceRuns.get(), "no step ran again");
    var allowed = errands.start(WorkflowOptions.newBuilder()
        .setWorkflowId("client-once")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build(), ONCE, "x");
    assertEquals(new One("x #2"), allowed.result(), "the policy allows a new run");
  }

  @Test
  void searchAttributesAndTheIdConflictPolicyPassThrough() throws Exception {
    var customer = io.temporal.common.SearchAttributeKey.forKeyword("CustomerId");
    var run = errands.start(WorkflowOptions.newBuilder()
        .setWorkflowId("client-conflict")
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder().set(customer, "acme").build())
        .build(), WAIT);
    assertTrue(gates.waitStarted.await(10, TimeUnit.SECONDS));
    try {
      var description = env.getWorkflowClient().newUntypedWorkflowStub("client-conflict").describe();
      assertEquals("acme", description.getTypedSearchAttributes().get(customer));
      // While the run is open: USE_EXISTING gives that run back; FAIL refuses a second start.
      var existing = elsewhere().start(WorkflowOptions.newBuilder()
          .setWorkflowId("client-conflict")
          .setWorkflowIdConflictPolicy(io.temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
          .build(), WAIT);
      assertEquals(run.workflowId(), existing.workflowId());
      assertEquals(Map.of("wait", StepState.RUNNING), existing.progress());
      assertThrows(RunAlreadyStartedException.class, () -> errands.start(WorkflowOptions.newBuilder()
          .setWorkflowId("client-conflict")
          .setWorkflowIdConflictPolicy(io.temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
          .build(), WAIT));
    } finally {
      run.cancel();
    }
    assertThrows(CancellationException.class, run::result);
  }
}
