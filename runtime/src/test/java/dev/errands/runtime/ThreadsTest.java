package dev.errands.runtime;

import static dev.errands.runtime.Probe.SERVICE;
import static dev.errands.runtime.Probe.values;
import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where steps run, and that nothing is left running after any number of runs. */
@Timeout(30)
class ThreadsTest {

  @Test
  void byDefaultEachStepRunsOnAVirtualThreadNamedAfterTheServiceAndTheStep() throws Exception {
    Map<String, String> names = new ConcurrentHashMap<>();
    Map<String, Boolean> virtual = new ConcurrentHashMap<>();
    Thread caller = Thread.currentThread();
    Map<String, Boolean> onCaller = new ConcurrentHashMap<>();
    StepBody<Object> body = (s, in) -> {
      Thread me = Thread.currentThread();
      String step = me.getName().substring(me.getName().indexOf('.') + 1);
      names.put(step, me.getName());
      virtual.put(step, me.isVirtual());
      onCaller.put(step, me == caller);
      return null;
    };
    var wf = Workflow.builder("com.acme.ProfileService")
        .step("user", after(), body)
        .step("posts", after(0), body)
        .step("weather", after(), body)
        .step("page", after(1, 2), body)
        .build(values(4));
    wf.run(SERVICE, RunOptions.defaults());

    assertEquals(
        Map.of("user", "ProfileService.user", "posts", "ProfileService.posts",
            "weather", "ProfileService.weather", "page", "ProfileService.page"),
        names);
    assertEquals(Set.of(true), Set.copyOf(virtual.values()));
    assertEquals(Set.of(false), Set.copyOf(onCaller.values()), "a step ran on the caller's platform thread");
  }

  @Test
  void theThreadsOfAGivenExecutorKeepTheirNames() throws Exception {
    var pool = Executors.newFixedThreadPool(1, r -> new Thread(r, "my-pool-thread"));
    try {
      List<String> names = new ArrayList<>();
      var wf = Workflow.builder(Probe.SVC)
          .step("a", after(), (s, in) -> names.add(Thread.currentThread().getName()))
          .step("b", after(0), (s, in) -> names.add(Thread.currentThread().getName()))
          .build(values(2));
      wf.run(SERVICE, RunOptions.of(pool));
      assertEquals(List.of("my-pool-thread", "my-pool-thread"), names);
      assertEquals("my-pool-thread", pool.submit(() -> Thread.currentThread().getName()).get());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs that succeed, fail, lose races, time out, are cancelled or interrupted, with synchronous
   * and asynchronous steps; afterwards no thread they used (platform or virtual) is alive.
   */
  @Test
  void noThreadIsLeftBehindAfterManyRunsOfEveryKind() throws Exception {
    String svc = "dev.errands.test.LeakSvc";
    var probe = new Probe();

    var diamond = Workflow.builder(svc, "fail")
        .step("a", after(), probe.step("a", in -> 1))
        .step("b", after(0), probe.step("b", in -> 2))
        .step("c", after(0).async(), probe.step("c", in -> {
          if ((boolean) in.input(0)) {
            throw new IllegalStateException("c fails");
          }
          return CompletableFuture.supplyAsync(() -> 3, CompletableFuture.delayedExecutor(2, MILLISECONDS));
        }))
        .race("race", Wins.FIRST_TO_SETTLE, after(1))
        .racer(3, "quick", after(), probe.step("quick", in -> "quick"))
        .racer(3, "loser", after(), probe.blocks("loser"))
        .step("d", after(2, 3), probe.step("d", in -> "d"))
        .build(values(5));
    var timesOut = Workflow.builder(svc)
        .step("bounded", after().timeout(5, MILLISECONDS), probe.blocks("bounded"))
        .step("pending", after().async().timeout(5, MILLISECONDS), probe.step("pending", in -> new CompletableFuture<>()))
        .build(values(2));
    var runTimesOut = Workflow.builder(svc)
        .timeout(5, MILLISECONDS)
        .step("long", after(), probe.blocks("long"))
        .build(values(1));
    var running = new CountDownLatch[1];
    var blocks = Workflow.builder(svc)
        .step("blocks", after(), probe.step("blocks", in -> {
          running[0].countDown();
          Probe.blockUntilInterrupted();
          return null;
        }))
        .build(values(1));

    Set<Thread> platformBefore = null;
    for (int i = 0; i <= 100; i++) {
      if (i == 1) {
        // After one round, the JDK's own lazily started threads (CompletableFuture's delay
        // scheduler, the management beans) exist: only what is new after that counts.
        virtualThreadsNamed();
        platformBefore = platformThreads();
      }
      diamond.run(SERVICE, RunOptions.defaults(), false);
      assertThrows(WorkflowFailedException.class, () -> diamond.run(SERVICE, RunOptions.defaults(), true));
      assertThrows(WorkflowFailedException.class, () -> timesOut.run(SERVICE, RunOptions.defaults()));
      assertThrows(WorkflowFailedException.class, () -> runTimesOut.run(SERVICE, RunOptions.defaults()));

      running[0] = new CountDownLatch(1);
      var future = blocks.runAsync(SERVICE, RunOptions.defaults());
      running[0].await();
      future.cancel(true);

      running[0] = new CountDownLatch(1);
      var thrown = new CompletableFuture<Throwable>();
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          blocks.run(SERVICE, RunOptions.defaults());
          thrown.complete(null);
        } catch (Throwable t) {
          thrown.complete(t);
        }
      });
      running[0].await();
      caller.interrupt();
      assertInstanceOf(InterruptedException.class, thrown.get(5, SECONDS));
    }

    probe.assertThreadsEnd(); // every thread that ran a step, including the cancelled ones
    awaitGone("virtual threads of the runs", () -> virtualThreadsNamed("LeakSvc.", "errands-timeout"));
    Set<Thread> before = platformBefore;
    awaitGone("new platform threads", () -> {
      Set<String> left = new HashSet<>();
      for (Thread t : platformThreads()) {
        if (!before.contains(t) && !t.getName().startsWith("ForkJoinPool")) { // carriers, common pool
          left.add(t.getName());
        }
      }
      return left;
    });
  }

  private interface Names {
    Set<String> get() throws Exception;
  }

  /**
   * Waits for threads that end just after their run returned (the engine's last lines). Their
   * Thread objects are out of reach, so nothing can be joined: this looks again until they are gone.
   */
  private static void awaitGone(String what, Names names) throws Exception {
    long deadline = System.nanoTime() + Probe.PATIENCE.toNanos();
    Set<String> left = names.get();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.yield();
      left = names.get();
    }
    assertEquals(Set.of(), left, what + " still alive");
  }

  private static Set<Thread> platformThreads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  private static final Pattern NAME = Pattern.compile("\"name\": \"([^\"]*)\"");

  /** Live threads, virtual ones included, whose names start with one of {@code prefixes}. */
  private static Set<String> virtualThreadsNamed(String... prefixes) throws Exception {
    Path dir = Files.createTempDirectory("errands-threads");
    Path dump = dir.resolve("threads.json");
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      Set<String> found = new HashSet<>();
      Matcher m = NAME.matcher(Files.readString(dump));
      while (m.find()) {
        for (String prefix : prefixes) {
          if (m.group(1).startsWith(prefix)) {
            found.add(m.group(1));
          }
        }
      }
      return found;
    } finally {
      Files.deleteIfExists(dump);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void theThreadDumpSeesVirtualThreadsSoTheLeakCheckAboveCanFail() throws Exception {
    var release = new CountDownLatch(1);
    Thread t = Thread.ofVirtual().name("LeakCheck.probe").start(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        // ends
      }
    });
    try {
      assertTrue(virtualThreadsNamed("LeakCheck.").contains("LeakCheck.probe"));
    } finally {
      release.countDown();
      t.join();
    }
  }
}
