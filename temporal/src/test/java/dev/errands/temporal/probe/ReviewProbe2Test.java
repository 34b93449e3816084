package dev.errands.temporal.probe;

import static dev.errands.runtime.StepOptions.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import dev.errands.temporal.ErrandsClient;
import dev.errands.temporal.ErrandsDataConverter;
import dev.errands.temporal.ErrandsWorker;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Review probes (issue 16); several fail on purpose, each a finding. Run with -Dprobes=true. */
@EnabledIfSystemProperty(named = "probes", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewProbe2Test {
  private static final String QUEUE = "probe2";

  enum Mood { GREY, SUNNY }

  static class Steps {
    final AtomicInteger hugeRuns = new AtomicInteger();
  }

  record One(Object value) {}

  record Two(Object a, Object b) {}

  record Four(Object a, Object b, Object c, Object d) {}

  static final List<Object> VALUES = values();

  private static List<Object> values() {
    var em = new EnumMap<Mood, String>(Mood.class);
    em.put(Mood.SUNNY, "s");
    var tm = new TreeMap<Integer, String>();
    tm.put(1, "one");
    var ll = new LinkedList<String>();
    ll.add("l");
    var list = new ArrayList<Object>();
    list.add(Map.of(1, "a"));
    list.add(em);
    list.add(tm);
    list.add(ll);
    list.add(new int[] {1, 2});
    list.add(new byte[] {1, 2});
    list.add(new char[] {'a'});
    list.add(1.5f);
    list.add((short) 3);
    list.add((byte) 4);
    list.add(BigInteger.TEN);
    list.add(new java.math.BigDecimal("1.10"));
    list.add(Instant.ofEpochSecond(5));
    list.add(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    list.add(Optional.of("x"));
    list.add(Map.of("k", 5L));
    list.add(List.of(Mood.GREY));
    return list;
  }

  /** Returns VALUES[i] from a step; the next step describes what it received. */
  static Workflow<Steps, Two> sweep(int i) {
    return Workflow.<Steps>builder("probe.Sweep" + i)
        .step("make", after(), (s, in) -> VALUES.get(i))
        .step("see", after(0), (s, in) -> describe(in.result(0)))
        .build(in -> new Two(in.result(0), in.result(1)));
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String s = v instanceof int[] a ? java.util.Arrays.toString(a)
        : v instanceof byte[] b ? java.util.Arrays.toString(b)
        : v instanceof char[] c ? java.util.Arrays.toString(c) : String.valueOf(v);
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      var e = m.entrySet().iterator().next();
      s += " key " + e.getKey().getClass().getSimpleName() + " value " + e.getValue().getClass().getSimpleName();
    }
    if (v instanceof java.util.Collection<?> c && !c.isEmpty()) {
      s += " element " + c.iterator().next().getClass().getSimpleName();
    }
    String kind = v instanceof Map<?, ?> ? "Map" : v instanceof java.util.Collection<?> ? "Collection" : v.getClass().getSimpleName();
    return kind + " " + s;
  }

  /** Fails with a 5 MB message. */
  static final Workflow<Steps, One> HUGE_MESSAGE = Workflow.<Steps>builder("probe.HugeMessage")
      .step("huge", after(), (s, in) -> {
        s.hugeRuns.incrementAndGet();
        throw new IllegalStateException("y".repeat(5_000_000));
      })
      .build(in -> new One(in.result(0)));

  /** A 1.5 MB input, three parallel steps that do not use it. */
  static final Workflow<Steps, Four> BIG_INPUT = Workflow.<Steps>builder("probe.BigInput", "blob")
      .step("a", after(), (s, in) -> "a")
      .step("b", after(), (s, in) -> "b")
      .step("c", after(), (s, in) -> "c")
      .step("d", after(0, 1, 2), (s, in) -> ((String) in.input(0)).length())
      .build(in -> new Four(in.result(0), in.result(1), in.result(2), in.result(3)));

  /** A 100 kB list fanned out over its 10 elements. */
  static final Workflow<Steps, Two> FAN_OUT = Workflow.<Steps>builder("probe.FanOut2")
      .step("list", after(), (s, in) -> {
        var l = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
          l.add(i + "x".repeat(10_000));
        }
        return l;
      })
      .step("each", after(0).eachOf(0), (s, in) -> ((String) in.element()).length())
      .build(in -> new Two(in.result(0), in.result(1)));

  private final Steps steps = new Steps();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ErrandsClient errands;

  @BeforeAll
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build())
        .build());
    client = env.getWorkflowClient();
    var options = ErrandsWorker.Options.defaults().withHeartbeat(Duration.ofSeconds(1))
        .withDefaultStepTimeout(Duration.ofSeconds(2)).withLostWorkerRetries(1);
    var w = ErrandsWorker.on(env.newWorker(QUEUE), options)
        .serve(HUGE_MESSAGE, steps).serve(BIG_INPUT, steps).serve(FAN_OUT, steps);
    for (int i = 0; i < VALUES.size(); i++) {
      w.serve(sweep(i), steps);
    }
    env.start();
    errands = ErrandsClient.of(client, QUEUE);
  }

  @AfterAll
  void stopTemporal() {
    env.close();
  }

  @Test
  void valuesSweep() throws Exception {
    var bad = new ArrayList<String>();
    for (int i = 0; i < VALUES.size(); i++) {
      String inProcess = (String) sweep(i).run(steps, RunOptions.defaults()).b();
      String temporal;
      try {
        temporal = (String) errands.run(sweep(i)).b();
      } catch (RuntimeException e) {
        temporal = "FAILED " + e;
      }
      if (!inProcess.equals(temporal)) {
        bad.add("in-process: " + inProcess + "\n      temporal: " + temporal);
      }
    }
    bad.forEach(b -> System.out.println("PROBE sweep " + b));
    assertEquals(List.of(), bad);
  }

  @Test
  void aHugeFailureMessageFailsTheStepOnceWithItsOwnMessage() {
    long t0 = System.nanoTime();
    var failed = assertThrows(WorkflowFailedException.class, () -> errands.run(HUGE_MESSAGE));
    String m = String.valueOf(failed.getCause());
    System.out.println("PROBE huge message after " + (System.nanoTime() - t0) / 1_000_000 + " ms, runs " + steps.hugeRuns.get()
        + ": " + failed.getCause().getClass().getName() + ": " + m.substring(0, Math.min(300, m.length())));
    assertEquals(1, steps.hugeRuns.get());
  }

  @Test
  void aBigInputWithParallelSteps() throws Exception {
    String blob = "z".repeat(1_500_000);
    assertEquals(1_500_000, BIG_INPUT.run(steps, RunOptions.defaults(), blob).d());
    try {
      Four r = errands.run(BIG_INPUT, blob);
      assertEquals(1_500_000, r.d());
    } catch (RuntimeException e) {
      System.out.println("PROBE big input: " + e);
      throw e;
    }
  }

  @Test
  void fanOutArgumentBytes() {
    var run = errands.start(FAN_OUT);
    run.result();
    long scheduled = 0;
    int count = 0;
    for (HistoryEvent event : client.fetchHistory(run.workflowId()).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        scheduled += event.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize();
        count++;
      }
    }
    System.out.println("PROBE fan-out: " + count + " activities, inputs " + scheduled + " bytes, list ~100100 bytes");
    assertTrue(scheduled < 300_000, scheduled + " bytes");
  }
}
