package dev.errands.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errands.runtime.WorkflowFailedException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real crash: a worker in a JVM of its own is killed (SIGKILL, no shutdown of any kind) in the
 * middle of a step. Temporal learns of it only because the step's heartbeats stop: after the
 * heartbeat timeout, the step runs again on another worker, here in the test's JVM, and the run
 * completes there; the step that had completed in the killed JVM does not run again.
 *
 * <p>The Temporal test server runs in this JVM, bound to a port, so that both JVMs reach it. The
 * killed worker is not sticky, because the test server never gives up on a sticky queue (see
 * {@code DurabilityTest.notSticky()} and "Testing worker loss" in the README); a real cluster
 * moves the run's next workflow task to the normal queue once its sticky schedule-to-start timeout
 * (5 s) has passed. The activity that was running is not concerned: an activity's retry always
 * goes to the normal queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashTest {
  private TestServer.PortBoundTestServer server;
  private String target;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private Child recovered;
  private Child givenUp;

  @BeforeAll
  void startTemporal() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) { // a free port; the server binds it a moment later
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port);
    target = "localhost:" + port;
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setDataConverter(ErrandsDataConverter.trusting("dev.errands.temporal.")).build());
    // Both worker JVMs start at once, each on its test's queue: their start-up is most of the time.
    recovered = Child.start(target, "crash-recovered", 3);
    givenUp = Child.start(target, "crash-given-up", 0);
  }

  @AfterAll
  void stopTemporal() throws InterruptedException {
    recovered.kill();
    givenUp.kill();
    service.shutdownNow();
    server.close();
  }

  @Test
  void aWorkerKilledMidStepIsReplacedAndTheStepsItCompletedDoNotRunAgain() throws Exception {
    String queue = "crash-recovered";
    var child = recovered;
    try {
      child.awaitLine("ready");
      var run = ErrandsClient.of(client, queue).start(CrashWorker_KitchenOrchestrator.workflow(), "pizza");
      child.awaitLine("ran bake"); // prepare has completed there, bake is running there
      child.kill();

      var ranHere = new ConcurrentHashMap<String, AtomicInteger>();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      ErrandsWorker.on(factory.newWorker(queue), CrashWorker.options(3))
          .serve(CrashWorker_KitchenOrchestrator.workflow(), new CrashWorker.Kitchen(
              step -> ranHere.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet(), false));
      factory.start();
      try {
        var result = await(run);
        assertEquals(new CrashWorker_KitchenOrchestrator.Result(
            "prepared pizza", "prepared pizza, baked", "prepared pizza, baked, delivered"), result);
        assertEquals(List.of("ran prepare", "ran bake"), child.ran(), "what ran in the killed JVM");
        assertEquals(Map.of("bake", 1, "deliver", 1), counts(ranHere),
            "what ran in this JVM: bake again, from the start, and deliver; never prepare");
        assertEquals(List.of(1, 2, 1), client.fetchHistory(run.workflowId()).getEvents().stream()
                .filter(e -> e.hasActivityTaskStartedEventAttributes())
                .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
                .toList(),
            "Temporal's attempts of prepare, bake (the second after the heartbeat timeout) and deliver");
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    } finally {
      child.kill();
    }
  }

  @Test
  void aStepWhoseWorkerIsLostMoreOftenThanAllowedFailsTheRunNamingIt() throws Exception {
    String queue = "crash-given-up";
    var child = givenUp; // no run after a lost worker
    try {
      child.awaitLine("ready");
      var run = ErrandsClient.of(client, queue).start(CrashWorker_KitchenOrchestrator.workflow(), "pizza");
      child.awaitLine("ran bake");
      child.kill();

      var ranHere = new ConcurrentHashMap<String, AtomicInteger>();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      ErrandsWorker.on(factory.newWorker(queue), CrashWorker.options(0))
          .serve(CrashWorker_KitchenOrchestrator.workflow(), new CrashWorker.Kitchen(
              step -> ranHere.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet(), false));
      factory.start();
      try {
        var failed = assertThrows(ExecutionException.class, () -> await(run));
        var cause = assertInstanceOf(WorkflowFailedException.class, failed.getCause());
        assertEquals("bake", cause.step());
        assertInstanceOf(TimeoutException.class, cause.getCause());
        assertEquals("step 'bake' of dev.errands.temporal.CrashWorker.Kitchen was lost with its worker on each of its"
            + " 1 run (ErrandsWorker.Options.lostWorkerRetries is 0); the last time, its worker sent no heartbeat for 2 s",
            cause.getCause().getMessage());
        assertEquals(Map.of(), counts(ranHere), "nothing ran again");
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    } finally {
      child.kill();
    }
  }

  private <R> R await(ErrandsClient.Started<R> run) throws Exception {
    try {
      return run.resultAsync().get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the run did not end; its history:\n" + client.fetchHistory(run.workflowId()).toProtoText(true), e);
    }
  }

  private static Map<String, Integer> counts(Map<String, AtomicInteger> ran) {
    var counts = new java.util.TreeMap<String, Integer>();
    ran.forEach((step, n) -> counts.put(step, n.get()));
    return counts;
  }

  /** The worker's JVM: the test's class path, the test's JDK; its output read line by line. */
  private static final class Child {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Child(Process process) {
      this.process = process;
      Thread.ofPlatform().daemon().name("crash-worker-output").start(() -> {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ran ")) {
              ran.add(line);
            } else if (!line.equals("ready") && !line.isBlank() && !line.startsWith("WARNING:")) { // not the JDK's
              System.out.println("[crash worker] " + line);
            }
            lines.add(line);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    static Child start(String target, String queue, int lostWorkerRetries) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var builder = new ProcessBuilder(java,
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short-lived JVM: start fast
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "-cp", System.getProperty("java.class.path"),
          CrashWorker.class.getName(), target, queue, String.valueOf(lostWorkerRetries))
          .redirectErrorStream(true);
      return new Child(builder.start());
    }

    /** Waits for the child to print {@code expected}, skipping the lines before it. */
    void awaitLine(String expected) throws InterruptedException {
      while (true) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null) {
          throw new AssertionError("the crash worker did not print '" + expected + "' within 60 s; alive: " + process.isAlive());
        }
        if (line.equals(expected)) {
          return;
        }
      }
    }

    /** The steps that started in the child, in order. */
    List<String> ran() {
      return List.copyOf(ran);
    }

    /** SIGKILL: no shutdown hook, no goodbye to Temporal. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the crash worker is gone");
    }
  }
}
