package dev.errands.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hedged requests the paper's way ("The Tail at Scale", Dean and Barroso): a real HTTP server on
 * this machine whose three replicas answer in 10 ms, but, independently per request, in 500 ms 5 %
 * of the time. Three ways to fetch one page, 10,000 runs each, {@value #IN_FLIGHT} runs in flight:
 *
 * <ul>
 *   <li>{@code one replica}: a step that asks replica 1;
 *   <li>{@code all three at once}: a race of the three replicas, every racer started at once;
 *   <li>{@code hedged after 20 ms}: the same race, hedged: replica 2 is asked only if replica 1 is
 *       not back within 20 ms, replica 3 only if neither is 20 ms later.
 * </ul>
 *
 * It prints each one's latency per run (p50, p99, p99.9, max) and the requests sent per run. A
 * latency distribution, not a throughput: a plain program, not JMH. Workflows are built by hand
 * ({@link Workflow#builder}), as generated code builds them; the race's losers are interrupted,
 * which aborts their HTTP requests.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.errands.benchmarks.Hedging [runs] [in flight] [seed]
 * }</pre>
 */
public final class Hedging {
  static final int RUNS = 10_000;
  static final int IN_FLIGHT = 100;
  static final long FAST_MS = 10;
  static final long SLOW_MS = 500;
  static final double SLOW_SHARE = 0.05;
  static final long HEDGE_MS = 20;

  private Hedging() {}

  /** The replicas: {@code GET /<replica>} sleeps 10 ms, or 500 ms one time in twenty, then answers. */
  static final class Replicas implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final SplittableRandom seeds;

    Replicas(long seed) throws IOException {
      seeds = new SplittableRandom(seed);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      server.createContext("/", this::answer);
      server.setExecutor(handlers);
      server.start();
    }

    URI address() {
      return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    long requests() {
      return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      boolean slow;
      synchronized (seeds) {
        slow = seeds.nextDouble() < SLOW_SHARE; // independently per request
      }
      try (exchange) {
        Thread.sleep(slow ? SLOW_MS : FAST_MS);
        byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientGone) {
        // a race's loser, called back: its client closed the exchange
      }
    }

    @Override
    public void close() {
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  /**
   * Asks {@code replica} with {@code HttpURLConnection} (keep-alive, pooled), far lighter than
   * {@code java.net.http.HttpClient} at thousands of requests a second on two cores. On a virtual
   * thread, an interrupt closes the connection's socket: the request is aborted.
   */
  static String fetch(URI replicas, String replica) throws IOException, InterruptedException {
    var connection = (HttpURLConnection) replicas.resolve(replica).toURL().openConnection();
    try (InputStream in = connection.getInputStream()) {
      if (connection.getResponseCode() != 200) {
        throw new IOException("HTTP " + connection.getResponseCode() + " from " + replica);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("called back: " + replica);
      }
      throw e;
    }
  }

  record Page(URI replicas) {}

  static Workflow<Page, Object> oneReplica() {
    return Workflow.<Page>builder("dev.errands.benchmarks.Hedging.OneReplica")
        .step("replica1", StepOptions.after(), (p, in) -> fetch(p.replicas(), "replica1"))
        .build(in -> in.result(0));
  }

  /** The race of three replicas; {@code hedgeMs} 0: all at once. */
  static Workflow<Page, Object> race(String name, long hedgeMs) {
    return Workflow.<Page>builder("dev.errands.benchmarks.Hedging." + name)
        .race("page", Wins.FIRST_TO_SUCCEED, StepOptions.after().hedge(hedgeMs, TimeUnit.MILLISECONDS))
        .racer(0, "replica1", (p, in) -> fetch(p.replicas(), "replica1"))
        .racer(0, "replica2", (p, in) -> fetch(p.replicas(), "replica2"))
        .racer(0, "replica3", (p, in) -> fetch(p.replicas(), "replica3"))
        .build(in -> in.result(0));
  }

  /** One contender's figures. */
  record Figures(String name, long[] nanos, double requestsPerRun) {
    long percentile(double p) {
      int index = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
      return nanos[Math.max(0, Math.min(nanos.length - 1, index))];
    }

    String row() {
      return String.format(Locale.ROOT, "| %-20s | %7.1f | %7.1f | %7.1f | %7.1f | %6.3f |", name,
          ms(percentile(50)), ms(percentile(99)), ms(percentile(99.9)), ms(nanos[nanos.length - 1]), requestsPerRun);
    }
  }

  static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  /** {@code runs} runs of {@code workflow}, {@code inFlight} at a time; each run's latency, sorted. */
  static Figures measure(String name, Workflow<Page, Object> workflow, Page page, Replicas replicas, int runs, int inFlight)
      throws InterruptedException {
    long[] nanos = new long[runs];
    var next = new AtomicInteger();
    long before = replicas.requests();
    var failures = new AtomicInteger();
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < inFlight; c++) {
        callers.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < runs; ) {
            long start = System.nanoTime();
            try {
              workflow.run(page, RunOptions.defaults());
            } catch (RuntimeException | InterruptedException e) {
              failures.incrementAndGet();
            }
            nanos[i] = System.nanoTime() - start;
          }
          return null;
        });
      }
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(name + ": " + failures.get() + " runs failed");
    }
    Arrays.sort(nanos);
    return new Figures(name, nanos, (double) (replicas.requests() - before) / runs);
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : IN_FLIGHT;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20;
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", String.valueOf(4 * inFlight)); // keep-alive for every request in flight
    }
    try (var replicas = new Replicas(seed)) {
      var page = new Page(replicas.address());
      var contenders = new Object[][] {
          {"one replica", oneReplica()},
          {"all three at once", race("AllAtOnce", 0)},
          {"hedged after " + HEDGE_MS + " ms", race("Hedged", HEDGE_MS)},
      };
      System.out.printf(Locale.ROOT, "Hedging: %d runs each, %d in flight; replicas answer in %d ms, %.0f %% of requests in %d ms;"
          + " Java %s, %d cores, load average %.1f%n", runs, inFlight, FAST_MS, SLOW_SHARE * 100, SLOW_MS,
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      for (Object[] contender : contenders) { // warm-up: classes, connections, JIT
        @SuppressWarnings("unchecked")
        var workflow = (Workflow<Page, Object>) contender[1];
        measure((String) contender[0], workflow, page, replicas, Math.max(1, runs / 5), inFlight);
      }
      System.out.println();
      System.out.println("| contender            | p50 ms  | p99 ms  | p99.9 ms| max ms  | req/run |");
      System.out.println("| -------------------- | ------: | ------: | ------: | ------: | ------: |");
      for (Object[] contender : contenders) {
        @SuppressWarnings("unchecked")
        var workflow = (Workflow<Page, Object>) contender[1];
        System.out.println(measure((String) contender[0], workflow, page, replicas, runs, inFlight).row());
      }
    }
  }
}
