package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What Temporal's UI and traces show of a run: activity summaries that name the step, the element and the
 * attempt; a step's failure with the stack trace of where the step threw; a step that runs with
 * its activity's context and what worker interceptors set on its thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeenInTemporalTest {
  private static final String QUEUE = "seen";

  private TestWorkflowEnvironment env;
  private ErrandsClient errands;
  private WorkerFactory factory;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    ErrandsWorker.on(env.newWorker(QUEUE)).serve(HandBuilt.BeyondThePeers.WORKFLOW, new HandBuilt.BeyondThePeers());
    factory = WorkerFactory.newInstance(env.getWorkflowClient(), WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new WorkerInterceptorBase() {
          @Override
          public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
            return new ActivityInboundCallsInterceptorBase(next) {
              private String type;

              @Override
              public void init(ActivityExecutionContext context) {
                type = context.getInfo().getActivityType();
                super.init(context);
              }

              @Override
              public ActivityOutput execute(ActivityInput input) {
                TRACE.set("trace of " + type);
                try {
                  return super.execute(input);
                } finally {
                  TRACE.remove();
                }
              }
            };
          }
        })
        .build());
    ErrandsWorker.on(factory.newWorker(QUEUE + "-traced"), ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1)))
        .serve(TRACED, new Object())
        .serve(STUBBORN, new Object());
    env.start();
    factory.start();
    errands = ErrandsClient.of(env.getWorkflowClient(), QUEUE);
  }

  @AfterAll
  void stopTemporal() throws InterruptedException {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    env.close();
  }

  /** What an interceptor sets on the activity's thread: the OpenTelemetry and MDC pattern. */
  static final ThreadLocal<String> TRACE = new ThreadLocal<>();

  record Seen(String trace, String activityType) {}

  record Traced(Seen seen) {}

  /** A step that reads what the interceptor set, and the activity's context. */
  static final Workflow<Object, Traced> TRACED = Workflow.<Object>builder("seen.Traced")
      .step("look", after(), (s, in) -> new Seen(TRACE.get(), Activity.getExecutionContext().getInfo().getActivityType()))
      .build(in -> new Traced((Seen) in.result(0)));

  @Test
  void aStepRunsWithItsActivitysContextAndWhatInterceptorsSetOnItsThread() {
    var result = ErrandsClient.of(env.getWorkflowClient(), QUEUE + "-traced").run(TRACED);
    assertEquals(new Seen("trace of seen.Traced.look", "seen.Traced.look"), result.seen());
  }

  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final CountDownLatch STUBBORN_ENDED = new CountDownLatch(1);

  /** A step that ignores the interrupt at its @Timeout of 300 ms, until the test releases it. */
  static final Workflow<Object, Traced> STUBBORN = Workflow.<Object>builder("seen.Stubborn")
      .step("stubborn", after().timeout(300, TimeUnit.MILLISECONDS), (s, in) -> {
        while (true) {
          try {
            if (RELEASE.await(10, TimeUnit.SECONDS)) {
              break;
            }
          } catch (InterruptedException ignored) {
            // a step that does not stop when asked
          }
        }
        STUBBORN_ENDED.countDown();
        return null;
      })
      .build(in -> new Traced(null));

  @Test
  void aStepThatIgnoresTheInterruptAtItsTimeoutFailsOnceWithoutWaitingForIt() {
    try {
      var failed = assertThrows(WorkflowFailedException.class,
          () -> ErrandsClient.of(env.getWorkflowClient(), QUEUE + "-traced").run(STUBBORN));
      assertInstanceOf(TimeoutException.class, failed.getCause());
      assertEquals("step 'stubborn' of seen.Stubborn ran longer than its @Timeout of 300 ms", failed.getCause().getMessage());
      assertEquals(1, STUBBORN_ENDED.getCount(), "the run failed while the step still ran");
    } finally {
      RELEASE.countDown();
    }
  }

  @Test
  void activitySummariesNameTheStepTheElementAndTheAttempt() {
    var run = errands.start(HandBuilt.BeyondThePeers.WORKFLOW, 3);
    run.result();
    Set<String> ids = new TreeSet<>();
    for (HistoryEvent e : events(run.workflowId(), EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)) {
      var summary = env.getWorkflowClient().getOptions().getDataConverter()
          .fromPayload(e.getUserMetadata().getSummary(), String.class, String.class);
      assertTrue(ids.add(summary), "unique: " + ids);
    }
    assertEquals(new TreeSet<>(List.of("flaky", "flaky#2", "flaky#3", "ids", "comments[0]", "comments[1]", "comments[2]",
        "albums", "page")), ids);
  }

  @Test
  void aStepsFailureCarriesTheStackTraceOfWhereTheStepThrew() {
    var run = errands.start(HandBuilt.BeyondThePeers.WORKFLOW, 1);
    run.result();
    List<HistoryEvent> failed = events(run.workflowId(), EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
    assertEquals(3, failed.size(), "flaky failed twice, albums once");
    for (HistoryEvent e : failed) {
      String stack = e.getActivityTaskFailedEventAttributes().getFailure().getStackTrace();
      assertTrue(stack.contains("HandBuilt$BeyondThePeers.flaky(") || stack.contains("HandBuilt$BeyondThePeers.albums("), stack);
      assertTrue(!stack.contains("StepActivity.failure"), stack);
    }
  }

  private List<HistoryEvent> events(String workflowId, EventType type) {
    var events = new ArrayList<HistoryEvent>();
    for (HistoryEvent e : env.getWorkflowClient().fetchHistory(workflowId).getEvents()) {
      if (e.getEventType() == type) {
        events.add(e);
      }
    }
    return events;
  }
}
