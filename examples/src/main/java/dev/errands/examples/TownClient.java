package dev.errands.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the {@link Town} with the JDK's {@code java.net.http.HttpClient}: blocking calls, which are
 * cheap on virtual threads, and asynchronous ones with {@code sendAsync}.
 */
public final class TownClient {
    private final HttpClient http;
    private final URI town;

    public TownClient(HttpClient http, URI town) {
        this.http = http;
        this.town = town;
    }

    /**
     * {@code GET /<place>/<what>}, blocking the calling thread (a virtual thread, in a step) until
     * the answer comes. An interrupt aborts the request.
     */
    public String visit(String place, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(place, what), HttpResponse.BodyHandlers.ofString());
        return body(response);
    }

    /** The same, without blocking: cancelling the future aborts the request. */
    public CompletableFuture<String> visitAsync(String place, String what) {
        return http.sendAsync(request(place, what), HttpResponse.BodyHandlers.ofString())
                .thenCompose(response -> {
                    try {
                        return CompletableFuture.completedFuture(body(response));
                    } catch (IOException e) {
                        return CompletableFuture.failedFuture(e); // the step fails with the IOException itself
                    }
                });
    }

    private HttpRequest request(String place, String what) {
        return HttpRequest.newBuilder(town.resolve(place + "/" + what)).GET().build();
    }

    private static String body(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + response.uri().getPath() + ": " + response.body());
        }
        return response.body();
    }
}
