package dev.errands.temporal;

import static dev.errands.runtime.StepOptions.after;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepContext;
import dev.errands.runtime.Workflow;
import java.io.IOException;
import dev.errands.runtime.Wins;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Declarations written by hand in the shape generated code has, for what this worktree's processor
 * does not generate yet ({@code @Retry}, {@code @Each}, {@code Outcome}, {@code StepContext}, a
 * hedged {@code @Race}).
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

  /**
   * A hedged race over three mirrors of a page ({@code @Race(value = "page", hedgeAfter = ...)}):
   * what each mirror does is the order's, so one service serves every case. "slow" blocks until
   * cancelled, "down" throws, anything else answers at once. Counts each mirror's calls per order.
   */
  static class Mirrors {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    String fetch(String mirror, String behaviour) throws Exception {
      calls.computeIfAbsent(mirror + "/" + behaviour, k -> new AtomicInteger()).incrementAndGet();
      switch (behaviour) {
        case "slow" -> new CountDownLatch(1).await(); // until cancelled
        case "down" -> throw new IOException(mirror + " is down");
        default -> {}
      }
      return "page from " + mirror;
    }

    int calls(String mirror, String behaviour) {
      return calls.getOrDefault(mirror + "/" + behaviour, new AtomicInteger()).get();
    }

    record Result(String page) {}

    static final int PRIMARY = 0, MIRROR = 1, BACKUP = 2; // inputs: what each does

    /** The race "page", hedged after {@code hedgeMillis}, won as {@code wins} says. */
    static Workflow<Mirrors, Result> workflow(String name, Wins wins, long hedgeMillis) {
      return Workflow.<Mirrors>builder("dev.errands.temporal.HandBuilt." + name, "primary", "mirror", "backup")
          .race("page", wins, after().hedge(hedgeMillis, MILLISECONDS))
          .racer(0, "primary", after(), (service, in) -> service.fetch("primary", (String) in.input(PRIMARY)))
          .racer(0, "mirror", after(), (service, in) -> service.fetch("mirror", (String) in.input(MIRROR)))
          .racer(0, "backup", after(), (service, in) -> service.fetch("backup", (String) in.input(BACKUP)))
          .build(in -> new Result((String) in.result(0)));
    }

    static final Workflow<Mirrors, Result> SETTLE = workflow("Mirrors", Wins.FIRST_TO_SETTLE, 300);
    static final Workflow<Mirrors, Result> PATIENT = workflow("PatientMirrors", Wins.FIRST_TO_SETTLE, 60_000);
    static final Workflow<Mirrors, Result> SUCCEED = workflow("AnyMirror", Wins.FIRST_TO_SUCCEED, 60_000);
  }
}
