package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.FailedElement;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same declarations, run in-process and on Temporal's in-process test server, give the same
 * results, and fail with the same step names and causes (class name and message).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParityTest {
  private static final String QUEUE = "parity";

  private final Services.ParallelErrands parallel = new Services.ParallelErrands();
  private final Services.SequentialChain chain = new Services.SequentialChain();
  private final Services.PizzaRace pizza = new Services.PizzaRace();
  private final Services.PizzaRaceLostToAFailure closed = new Services.PizzaRaceLostToAFailure();
  private final Services.AnyPizza anyPizza = new Services.AnyPizza();
  private final Services.NoPizza noPizza = new Services.NoPizza();
  private final Services.FailingStep failing = new Services.FailingStep();
  private final Services.TooSlow tooSlow = new Services.TooSlow();
  private final Services.StepTimeout stepTimeout = new Services.StepTimeout();
  private final HandBuilt.BeyondThePeers beyond = new HandBuilt.BeyondThePeers();
  private final HandBuilt.FailingElement failingElement = new HandBuilt.FailingElement();
  private final HandBuilt.Mirrors mirrors = new HandBuilt.Mirrors();

  private TestWorkflowEnvironment env;
  private ErrandsClient errands;

  @BeforeAll
  void startTemporal() {
    var converter = ErrandsDataConverter.trusting("dev.errands.temporal.");
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false) // real time, as in-process: races are decided by the clock
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)))
        .serve(Services_ParallelErrandsOrchestrator.workflow(), parallel)
        .serve(Services_SequentialChainOrchestrator.workflow(), chain)
        .serve(Services_PizzaRaceOrchestrator.workflow(), pizza)
        .serve(Services_PizzaRaceLostToAFailureOrchestrator.workflow(), closed)
        .serve(Services_AnyPizzaOrchestrator.workflow(), anyPizza)
        .serve(Services_NoPizzaOrchestrator.workflow(), noPizza)
        .serve(Services_FailingStepOrchestrator.workflow(), failing)
        .serve(Services_TooSlowOrchestrator.workflow(), tooSlow)
        .serve(Services_StepTimeoutOrchestrator.workflow(), stepTimeout)
        .serve(HandBuilt.BeyondThePeers.WORKFLOW, beyond)
        .serve(HandBuilt.FailingElement.WORKFLOW, failingElement)
        .serve(HandBuilt.Mirrors.SETTLE, mirrors)
        .serve(HandBuilt.Mirrors.PATIENT, mirrors)
        .serve(HandBuilt.Mirrors.SUCCEED, mirrors);
    env.start();
    errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  /** Runs in-process, then on Temporal; both results must be equal, and are returned. */
  private <S, R> R same(Workflow<S, R> workflow, S service, Object... inputs) throws InterruptedException {
    R local = workflow.run(service, RunOptions.defaults(), inputs);
    R remote = errands.run(workflow, inputs);
    assertEquals(local, remote);
    return remote;
  }

  /** Runs in-process, then on Temporal; both must fail at the same step, with the same cause. */
  private <S> WorkflowFailedException sameFailure(Workflow<S, ?> workflow, S service, Object... inputs) {
    var local = assertThrows(WorkflowFailedException.class, () -> workflow.run(service, RunOptions.defaults(), inputs));
    var remote = assertThrows(WorkflowFailedException.class, () -> errands.run(workflow, inputs));
    assertEquals(local.step(), remote.step());
    assertEquals(local.workflow(), remote.workflow());
    assertEquals(typeOf(local.getCause()), typeOf(remote.getCause()));
    assertEquals(local.getCause().getMessage(), remote.getCause().getMessage());
    assertEquals(local.getMessage(), remote.getMessage());
    return remote;
  }

  private static String typeOf(Throwable t) {
    return t instanceof RemoteStepException remote ? remote.type() : t.getClass().getName();
  }

  @Test
  void parallelErrands() throws Exception {
    Services_ParallelErrandsOrchestrator.Result result =
        same(Services_ParallelErrandsOrchestrator.workflow(), parallel, "a parcel", List.of("milk", "eggs"), 7);
    assertEquals(new Services.Receipt("grocery-store", "milk,eggs", 200), result.groceries());
    assertEquals("coat #7", result.dryCleaner());
  }

  @Test
  void sequentialChain() throws Exception {
    Services_SequentialChainOrchestrator.Result result =
        same(Services_SequentialChainOrchestrator.workflow(), chain, 1, 21L, "pizzas");
    assertEquals(new Services_SequentialChainOrchestrator.Result(2, 42L, "42 pizzas"), result);
  }

  @Test
  void pizzaRaceFirstToSettle() throws Exception {
    Services_PizzaRaceOrchestrator.Result result =
        same(Services_PizzaRaceOrchestrator.workflow(), pizza, "margherita");
    assertEquals("margherita from marios", result.pizza());
    assertEquals("dinner is margherita from marios", result.dinner());
  }

  /** An order of its own, so that the losers of other tests' races do not count here. */
  @Test
  void theLosersOfARaceAreInterruptedOnTheirWorkers() throws Exception {
    var workflow = Services_PizzaRaceOrchestrator.workflow();
    long start = System.nanoTime();
    assertEquals("capricciosa from marios", errands.run(workflow, "capricciosa").pizza());
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "the run waited for the losers (50 s and 60 s)");
    // They learn of it by their next heartbeat, a second apart.
    assertTrue(pizza.interrupted("capricciosa").tryAcquire(2, 20, TimeUnit.SECONDS), "luigis and napoli were interrupted");
  }

  @Test
  void firstToSettleDecidedByAFailure() {
    var failed = sameFailure(Services_PizzaRaceLostToAFailureOrchestrator.workflow(), closed, "margherita");
    assertEquals("marios", failed.step());
    assertEquals("java.io.IOException: marios is closed today", failed.getCause().toString());
  }

  @Test
  void firstToSucceedWaitsOutFailures() throws Exception {
    Services_AnyPizzaOrchestrator.Result result = same(Services_AnyPizzaOrchestrator.workflow(), anyPizza, "margherita");
    assertEquals("dinner is margherita from luigis", result.dinner());
  }

  @Test
  void firstToSucceedFailsAsTheRaceWhenEveryRacerFailed() {
    var failed = sameFailure(Services_NoPizzaOrchestrator.workflow(), noPizza, "margherita");
    assertEquals("pizza", failed.step());
    assertEquals("java.lang.IllegalStateException", typeOf(failed.getCause()));
    assertEquals(1, failed.getCause().getSuppressed().length);
    assertEquals("java.io.IOException: luigis ran out of dough", failed.getCause().getSuppressed()[0].toString());
  }

  @Test
  void aHedgedRaceAsksTheMirrorOnlyOnceThePrimaryIsLateAndNeverTheBackupWhenTheMirrorAnswers() throws Exception {
    HandBuilt.Mirrors.Result result = same(HandBuilt.Mirrors.SETTLE, mirrors, "slow", "answers-a", "answers-never-a");
    assertEquals("page from mirror", result.page());
    assertEquals(2, mirrors.calls("mirror", "answers-a"), "once on each engine, after the primary's 300 ms");
    assertEquals(0, mirrors.calls("backup", "answers-never-a"), "its turn never came, on either engine");
  }

  @Test
  void aHedgedRaceWhosePrimaryAnswersInTimeAsksNoOtherMirror() throws Exception {
    HandBuilt.Mirrors.Result result = same(HandBuilt.Mirrors.PATIENT, mirrors, "answers-b", "answers-never-b", "answers-never-b");
    assertEquals("page from primary", result.page());
    assertEquals(2, mirrors.calls("primary", "answers-b"));
    assertEquals(0, mirrors.calls("mirror", "answers-never-b") + mirrors.calls("backup", "answers-never-b"));
  }

  @Test
  void aHedgedFirstToSucceedRaceAsksTheNextMirrorAtOnceWhenEveryMirrorAskedHasFailed() throws Exception {
    long start = System.nanoTime();
    HandBuilt.Mirrors.Result result = same(HandBuilt.Mirrors.SUCCEED, mirrors, "down", "answers-c", "answers-never-c");
    assertEquals("page from mirror", result.page());
    assertEquals(0, mirrors.calls("backup", "answers-never-c"));
    var failed = sameFailure(HandBuilt.Mirrors.SUCCEED, mirrors, "down", "down", "down");
    assertTrue(System.nanoTime() - start < 30_000_000_000L, "no engine waited the minute between racers");
    assertEquals("page", failed.step());
    assertEquals("primary is down", failed.getCause().getMessage(), "the first failure in time");
    assertEquals(List.of("mirror is down", "backup is down"),
        Arrays.stream(failed.getCause().getSuppressed()).map(Throwable::getMessage).toList(), "the later ones, in order");
  }

  @Test
  void aFailingStep() {
    var failed = sameFailure(Services_FailingStepOrchestrator.workflow(), failing, 7L);
    assertEquals("posts", failed.step());
    assertEquals("java.io.IOException", ((RemoteStepException) failed.getCause()).type());
    assertEquals("the blog of user 7 is down", failed.getCause().getMessage());
  }

  @Test
  void theClassTimeoutNamesTheStepThatWasRunning() {
    var failed = sameFailure(Services_TooSlowOrchestrator.workflow(), tooSlow);
    assertEquals("slow", failed.step());
    assertInstanceOf(TimeoutException.class, failed.getCause());
  }

  @Test
  void aStepTimeout() {
    var failed = sameFailure(Services_StepTimeoutOrchestrator.workflow(), stepTimeout);
    assertEquals("slow", failed.step());
    assertInstanceOf(TimeoutException.class, failed.getCause());
  }

  @Test
  void retriesFanOutAndToleratedFailures() throws Exception {
    var workflow = HandBuilt.BeyondThePeers.WORKFLOW;
    HandBuilt.BeyondThePeers.Result local = workflow.run(beyond, RunOptions.defaults(), 5);
    HandBuilt.BeyondThePeers.Result remote = errands.run(workflow, 5);
    assertEquals(local.flaky(), remote.flaky());
    assertEquals("worked on attempt 3", remote.flaky());
    assertEquals(List.of(1, 2, 3, 4, 5), remote.ids());
    assertEquals(local.comments(), remote.comments());
    assertEquals(local.page(), remote.page());
    assertEquals("worked on attempt 3, [comment 1, comment 2, comment 3, comment 4, comment 5], albums hidden", remote.page());
    var failure = assertInstanceOf(Outcome.Failure.class, remote.albums());
    assertEquals("java.io.IOException: albums are down", failure.cause().toString());
    assertEquals(6, beyond.flakyAttempts.get(), "three attempts in each engine");
  }

  @Test
  void aFailingElementIsNamedByItsIndex() {
    var failed = sameFailure(HandBuilt.FailingElement.WORKFLOW, failingElement, List.of("one", "two", "three", "four"));
    assertEquals("render", failed.step());
    var element = Arrays.stream(failed.getCause().getSuppressed())
        .filter(FailedElement.class::isInstance).map(FailedElement.class::cast).findFirst().orElseThrow();
    assertEquals(2, element.index());
  }
}
