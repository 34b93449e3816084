package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.FailedElement;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Large fan-outs on Temporal (issue 17): an {@code @Each} over the list the step before it returned
 * completes with every result in order, in histories that grow linearly with its elements and stay
 * within what a Temporal cluster accepts (50 MB and 51,200 events a history, 2,000 pending
 * activities a workflow, 2 MiB a payload); a failed element fails the fan-out at once, as
 * in-process; cancelling the run stops its elements.
 *
 * <p>The default build fans out over {@value #SIZE} elements in slices of {@value #SLICE} (child
 * workflows), and over as many in one history; {@code -Dfanout.large=true} runs 10,000 elements
 * ({@code -Dfanout.size=N} for another number) with the default slice (1,000), with and without a
 * limit, and prints what their histories measure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutTest {
  private static final String QUEUE = "fan-out";
  private static final String WHOLE = "fan-out-whole";
  private static final String DEFAULTS = "fan-out-defaults";
  private static final int SIZE = 1_000;
  private static final int SLICE = 100;
  private static final int LARGE = Integer.getInteger("fanout.size", 10_000);
  /** What a Temporal cluster accepts, by default. */
  private static final int MAX_EVENTS = 51_200;
  private static final long MAX_HISTORY_BYTES = 50L * 1024 * 1024;
  private static final int MAX_PENDING = 2_000;
  private static final long MAX_PAYLOAD = 2L * 1024 * 1024;

  static class Steps {
    final AtomicInteger ran = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch cancelling = new CountDownLatch(0);
    volatile CountDownLatch blocked = new CountDownLatch(0);
  }

  record Result(Object words, Object upper, Object total) {}

  /** {@code count} words, each upper-cased by an element of the fan-out, then counted. */
  private static Workflow<Steps, Result> words(String name, int limit, int failAt) {
    return Workflow.<Steps>builder(name, "count", "prefix")
        .step("words", after(), (s, in) -> {
          var words = new ArrayList<String>();
          for (int i = 0; i < (int) in.input(0); i++) {
            words.add(in.input(1) + "-" + i);
          }
          return words;
        })
        .step("upper", after(0).eachOf(0).limit(limit), (s, in) -> {
          s.ran.incrementAndGet();
          s.mostRunning.accumulateAndGet(s.running.incrementAndGet(), Math::max);
          try {
            String word = (String) in.element();
            if (word.endsWith("-" + failAt)) {
              throw new IllegalStateException("no upper case for " + word);
            }
            return word.toUpperCase();
          } finally {
            s.running.decrementAndGet();
          }
        })
        .step("total", after(1), (s, in) -> ((List<?>) in.result(1)).size())
        .build(in -> new Result(in.result(0), in.result(1), in.result(2)));
  }

  static final Workflow<Steps, Result> UNLIMITED = words("fanout.Unlimited", 0, -1);
  static final Workflow<Steps, Result> LIMITED = words("fanout.Limited", 8, -1);
  static final Workflow<Steps, Result> FAILING = words("fanout.Failing", 8, 700);

  /** A fan-out whose elements wait until cancelled, each saying so. */
  static final Workflow<Steps, Result> BLOCKING = Workflow.<Steps>builder("fanout.Blocking", "count")
      .step("numbers", after(), (s, in) -> {
        var numbers = new ArrayList<Integer>();
        for (int i = 0; i < (int) in.input(0); i++) {
          numbers.add(i);
        }
        return numbers;
      })
      .step("wait", after(0).eachOf(0).limit(50), (s, in) -> {
        int n = (Integer) in.element();
        in.context().onCancel(() -> {
          s.cancelled.add(n);
          s.cancelling.countDown();
        });
        s.blocked.countDown();
        new CountDownLatch(1).await();
        return n;
      })
      .build(in -> new Result(in.result(0), in.result(1), null));

  private final Steps steps = new Steps();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands; // slices of SLICE elements
  private ErrandsClient whole; // no slices for SIZE elements
  private ErrandsClient defaults; // the default slice

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofMillis(500));
    for (var queue : List.of(QUEUE, WHOLE, DEFAULTS)) {
      var queueOptions = switch (queue) {
        case QUEUE -> options.withFanOutSlice(SLICE);
        case WHOLE -> options.withFanOutSlice(SIZE);
        default -> options;
      };
      ErrandsWorker.on(env.newWorker(queue), queueOptions)
          .serve(UNLIMITED, steps)
          .serve(LIMITED, steps)
          .serve(FAILING, steps)
          .serve(BLOCKING, steps);
    }
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
    whole = ErrandsClient.of(client, WHOLE);
    defaults = ErrandsClient.of(client, DEFAULTS);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void aFanOutWithoutLimitRunsInSlicesAndCompletesInOrder() {
    Histories histories = fanOut(errands, UNLIMITED, SIZE);
    assertEquals(1 + SIZE / SLICE, histories.each().size(), "the run and its slices");
    History run = histories.each().get(0);
    assertEquals(2, run.activities(), "the run's own activities, words and total: its elements are in slices");
    for (History slice : histories.each().subList(1, histories.each().size())) {
      assertEquals(SLICE, slice.activities(), slice.toString());
    }
  }

  @Test
  void aFanOutWithALimitRunsInSlicesNeverMoreAtOnceThanItsLimit() {
    steps.mostRunning.set(0);
    Histories histories = fanOut(errands, LIMITED, SIZE);
    assertEquals(1 + SIZE / SLICE, histories.each().size(), "the run and its slices");
    assertTrue(steps.mostRunning.get() <= 8, steps.mostRunning.get() + " elements at once");
    for (History h : histories.each()) {
      assertTrue(h.maxPending() <= 8, h.toString());
    }
  }

  @Test
  void aFanOutOfAsManyElementsAsASliceRunsInTheRunsHistory() {
    Histories histories = fanOut(whole, UNLIMITED, SIZE);
    assertEquals(1, histories.each().size(), "no slices");
    assertEquals(SIZE + 2, histories.each().get(0).activities());
  }

  @Test
  @EnabledIfSystemProperty(named = "fanout.large", matches = "true")
  void tenThousandElementsWithoutLimit() {
    fanOut(defaults, UNLIMITED, LARGE);
  }

  @Test
  @EnabledIfSystemProperty(named = "fanout.large", matches = "true")
  void tenThousandElementsWithALimit() {
    fanOut(defaults, LIMITED, LARGE);
  }

  private Histories fanOut(ErrandsClient errands, Workflow<Steps, Result> workflow, int size) {
    long start = System.nanoTime();
    var run = errands.start(workflow, size, "w");
    Result result = run.result();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    var expected = new ArrayList<String>();
    for (int i = 0; i < size; i++) {
      expected.add("W-" + i);
    }
    assertEquals(expected, result.upper(), "every result, in order");
    assertEquals(size, result.total());
    Histories histories = histories(run.workflowId());
    System.out.printf("fan-out %s of %d: %s, %d ms%n", workflow.name(), size, histories, millis);
    histories.assertWithinBounds();
    return histories;
  }

  @Test
  void aFailedElementFailsTheFanOutAtOnceAsInProcess() throws Exception {
    var inProcess = assertThrows(WorkflowFailedException.class,
        () -> FAILING.run(new Steps(), RunOptions.defaults(), SIZE, "w"));
    steps.ran.set(0);
    var run = errands.start(FAILING, SIZE, "w");
    var onTemporal = assertThrows(WorkflowFailedException.class, run::result);
    assertEquals(inProcess.step(), onTemporal.step());
    assertEquals("upper", onTemporal.step());
    var cause = assertInstanceOf(RemoteStepException.class, onTemporal.getCause());
    assertEquals(IllegalStateException.class.getName(), cause.type());
    assertEquals(inProcess.getCause().getMessage(), cause.getMessage());
    var element = assertInstanceOf(FailedElement.class, onTemporal.getCause().getSuppressed()[0]);
    assertEquals(700, element.index());
    assertEquals(inProcess.getCause().getSuppressed()[0].getMessage(), element.getMessage());
    assertTrue(steps.ran.get() < SIZE, "fail-fast: " + steps.ran.get() + " of " + SIZE + " elements ran");
    Histories histories = histories(run.workflowId());
    histories.assertWithinBounds();
    assertTrue(histories.each().size() > 1, "slices ran");
  }

  @Test
  void cancellingTheRunStopsItsElements() throws Exception {
    steps.cancelled.clear();
    steps.blocked = new CountDownLatch(50);
    steps.cancelling = new CountDownLatch(50);
    var run = errands.start(BLOCKING, SIZE);
    assertTrue(steps.blocked.await(30, TimeUnit.SECONDS), "50 elements running");
    run.cancel();
    assertThrows(CancellationException.class, run::result);
    assertTrue(steps.cancelling.await(30, TimeUnit.SECONDS), "each learns of it at its next heartbeat");
    assertEquals(50, steps.cancelled.size(), "every running element was cancelled");
    for (String child : children(run.workflowId())) { // until each slice has ended
      var stub = client.newUntypedWorkflowStub(child);
      assertThrows(io.temporal.client.WorkflowFailedException.class, () -> stub.getResult(30, TimeUnit.SECONDS, Object.class));
    }
    Histories histories = histories(run.workflowId());
    histories.assertWithinBounds();
    assertTrue(histories.each().size() > 1, "slices ran");
    for (History slice : histories.each().subList(1, histories.each().size())) {
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, slice.last(), slice + " was cancelled");
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Histories

  /** What the histories of a run (its own, and its child workflows') measure. */
  record History(String workflowId, int events, long bytes, int activities, int maxPending, long largestEvent, EventType last) {}

  record Histories(List<History> each) {
    void assertWithinBounds() {
      for (History h : each) {
        assertTrue(h.events() < MAX_EVENTS, h + ": events");
        assertTrue(h.bytes() < MAX_HISTORY_BYTES, h + ": bytes");
        assertTrue(h.maxPending() <= MAX_PENDING, h + ": pending activities");
        assertTrue(h.largestEvent() < MAX_PAYLOAD, h + ": a payload over 2 MiB");
      }
    }

    @Override
    public String toString() {
      int events = each.stream().mapToInt(History::events).sum();
      long bytes = each.stream().mapToLong(History::bytes).sum();
      History run = each.get(0);
      return each.size() + " histories, " + events + " events, " + bytes + " bytes in all; the run's "
          + run.events() + " events, " + run.bytes() + " bytes; the largest history "
          + each.stream().mapToInt(History::events).max().orElseThrow() + " events, "
          + each.stream().mapToLong(History::bytes).max().orElseThrow() + " bytes; at most "
          + each.stream().mapToInt(History::maxPending).max().orElseThrow() + " pending activities; largest event "
          + each.stream().mapToLong(History::largestEvent).max().orElseThrow() + " bytes";
    }
  }

  private List<String> children(String workflowId) {
    var children = new ArrayList<String>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
        children.add(event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId());
      }
    }
    return children;
  }

  private Histories histories(String workflowId) {
    var all = new ArrayList<History>();
    collect(workflowId, all);
    return new Histories(all);
  }

  private void collect(String workflowId, List<History> into) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    int pending = 0;
    int maxPending = 0;
    int activities = 0;
    long largest = 0;
    var children = new ArrayList<String>();
    for (HistoryEvent event : history.getEvents()) {
      largest = Math.max(largest, event.getSerializedSize());
      EventType type = event.getEventType();
      if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        maxPending = Math.max(maxPending, ++pending);
        activities++;
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED || type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
          || type == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT || type == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED) {
        pending--;
      } else if (type == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
        WorkflowExecution child = event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution();
        children.add(child.getWorkflowId());
      }
    }
    into.add(new History(workflowId, history.getEvents().size(), history.getHistory().getSerializedSize(), activities, maxPending,
        largest, history.getLastEvent().getEventType()));
    for (String child : children) {
      collect(child, into);
    }
  }
}
