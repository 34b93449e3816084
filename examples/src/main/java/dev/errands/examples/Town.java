package dev.errands.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port, standing in for the places the errands go to: each
 * place answers {@code GET /<place>/<what>} after its own latency, or with {@code 503} when it is
 * set to be down; a place with a {@linkplain Hiccup hiccup} is sometimes slow. Built on the JDK's
 * {@code com.sun.net.httpserver}; nothing is mocked.
 */
public final class Town implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Duration> latencies;
    private final Set<String> down;
    private final Map<String, Hiccup> hiccups;
    private final Map<String, AtomicInteger> visits = new ConcurrentHashMap<>();

    /** Every {@code every}-th request to a place (the {@code every}-th, the {@code 2 * every}-th, ...) takes {@code latency}. */
    public record Hiccup(int every, Duration latency) {}

    private Town(Map<String, Duration> latencies, Set<String> down, Map<String, Hiccup> hiccups) throws IOException {
        this.latencies = Map.copyOf(latencies);
        this.down = Set.copyOf(down);
        this.hiccups = Map.copyOf(hiccups);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(handlers);
        server.start();
    }

    /** Opens the town: {@code latencies} says how long each place takes, {@code down} which fail. */
    public static Town open(Map<String, Duration> latencies, Set<String> down) throws IOException {
        return new Town(latencies, down, Map.of());
    }

    /** Opens the town, where the places in {@code hiccups} are sometimes slow. */
    public static Town open(Map<String, Duration> latencies, Set<String> down, Map<String, Hiccup> hiccups) throws IOException {
        return new Town(latencies, down, hiccups);
    }

    public static Town open(Map<String, Duration> latencies) throws IOException {
        return open(latencies, Set.of());
    }

    /** Where the town answers: {@code http://127.0.0.1:<port>/}. */
    public URI address() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    public Duration latency(String place) {
        return latencies.getOrDefault(place, Duration.ZERO);
    }

    /** How many requests reached {@code place}. */
    public int visits(String place) {
        return visits.computeIfAbsent(place, p -> new AtomicInteger()).get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().substring(1).split("/", 2);
        String place = path[0];
        String what = path.length > 1 ? path[1] : "";
        int visit = visits.computeIfAbsent(place, p -> new AtomicInteger()).incrementAndGet();
        Hiccup hiccup = hiccups.get(place);
        Duration latency = hiccup != null && visit % hiccup.every() == 0 ? hiccup.latency() : latency(place);
        try (exchange) {
            Thread.sleep(latency);
            if (down.contains(place)) {
                respond(exchange, 503, place + " is closed today");
            } else {
                respond(exchange, 200, body(place, what, exchange.getRequestURI().getQuery()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code place:what}, or with {@code ?count=3} a list: {@code place:what/1,place:what/2,place:what/3}. */
    private static String body(String place, String what, String query) {
        if (query == null || !query.startsWith("count=")) {
            return place + ":" + what;
        }
        int count = Integer.parseInt(query.substring("count=".length()));
        var items = new java.util.StringJoiner(",");
        for (int i = 1; i <= count; i++) {
            items.add(place + ":" + what + "/" + i);
        }
        return items.toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientGone) {
            // The caller gave up on this request (a race loser, a cancelled run): nothing to do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
