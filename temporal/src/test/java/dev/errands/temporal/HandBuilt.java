package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.Workflow;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Declarations written by hand in the shape generated code has, for what this worktree's processor
 * does not generate yet ({@code @Retry}, {@code @Each}, {@code Outcome}, {@code StepContext}).
 */
final class HandBuilt {
  private HandBuilt() {}

  /** Retries, a fan-out with a limit, a tolerated failure received as an Outcome. */
  static class BeyondThePeers {
    final AtomicInteger flakyAttempts = new AtomicInteger();

    // @Sequential @Retry(attempts = 3, delay = 10, unit = MILLISECONDS, on = IOException.class)
    String flaky(StepContext context) throws IOException {
      flakyAttempts.incrementAndGet();
      if (context.attempt() < 3) {
        throw new IOException("attempt " + context.attempt() + " failed");
      }
      return "worked on attempt " + context.attempt();
    }

    // @Sequential
    List<Integer> ids(int count) {
      return IntStream.rangeClosed(1, count).boxed().toList();
    }

    // @Sequential(after = "ids")
    String comments(@SuppressWarnings("unused") /* @Each(limit = 2) */ Integer ids) {
      return "comment " + ids;
    }

    // @Parallel
    String albums() throws IOException {
      throw new IOException("albums are down");
    }

    // @Sequential(after = {"flaky", "comments", "albums"})
    String page(String flaky, List<String> comments, Outcome<String> albums) {
      return flaky + ", " + comments + ", albums " + (albums.isSuccess() ? "shown" : "hidden");
    }

    record Result(String flaky, List<Integer> ids, List<String> comments, Outcome<String> albums, String page) {}

    static final int FLAKY = 0, IDS = 1, COMMENTS = 2, ALBUMS = 3, PAGE = 4;
    static final int COUNT = 0;

    @SuppressWarnings("unchecked")
    static final Workflow<BeyondThePeers, Result> WORKFLOW = Workflow.<BeyondThePeers>builder(
            "dev.errands.temporal.HandBuilt.BeyondThePeers", "count")
        .step("flaky", after().retry(3, 10, MILLISECONDS, 1.0, IOException.class),
            (service, in) -> service.flaky(in.context()))
        .step("ids", after(), (service, in) -> service.ids((int) in.input(COUNT)))
        .step("comments", after(IDS).eachOf(IDS).limit(2), (service, in) -> service.comments((Integer) in.element()))
        .step("albums", after().tolerated(), (service, in) -> service.albums())
        .step("page", after(FLAKY, COMMENTS, ALBUMS), (service, in) -> service.page(
            (String) in.result(FLAKY), (List<String>) in.result(COMMENTS), (Outcome<String>) in.outcome(ALBUMS)))
        .build(in -> new Result(
            (String) in.result(FLAKY),
            (List<Integer>) in.result(IDS),
            (List<String>) in.result(COMMENTS),
            (Outcome<String>) in.result(ALBUMS),
            (String) in.result(PAGE)));
  }

  /** A fan-out over an input whose third element fails. */
  static class FailingElement {
    // @Sequential
    String render(/* @Each */ String words) throws IOException {
      if (words.equals("three")) {
        throw new IOException("cannot render " + words);
      }
      return words.toUpperCase();
    }

    record Result(List<String> render) {}

    @SuppressWarnings("unchecked")
    static final Workflow<FailingElement, Result> WORKFLOW = Workflow.<FailingElement>builder(
            "dev.errands.temporal.HandBuilt.FailingElement", "words")
        .step("render", after().eachOfInput(0), (service, in) -> service.render((String) in.element()))
        .build(in -> new Result((List<String>) in.result(0)));
  }
}
