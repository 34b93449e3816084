package dev.errands.temporal;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepInput;
import dev.errands.runtime.StepOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Random workflow declarations, with bodies, for running one seed on both engines and comparing
 * what they give back: steps and both kinds of race (hedged or not), tolerated nodes, {@code @Each} over a step's
 * list or over an input (empty, or {@code null}) with limits, {@code @Retry} that succeeds late, runs
 * out of attempts, or is not admitted by {@code on}, and failures.
 *
 * <p>Why not the runtime's {@code Simulation} generator: it builds bare {@code Graph}s, whose
 * events it chooses itself; here real engines choose the order, so each declaration is made so that
 * what a run gives back does not depend on timing. At most one node can fail the run; a race has one
 * decisive racer, and the others either wait until they are cancelled or (every racer of a
 * first-to-succeed race failing) fail alike; an {@code @Each} fails at one element at most.
 *
 * <p>A run's result is the list of its nodes' values, a tolerated node's {@link Outcome} described
 * as text (its cause by class name, message and suppressed exceptions), so that results compare
 * with {@code equals} across engines. The same seed gives the same declaration.
 */
final class RandomWorkflows {
  private RandomWorkflows() {}

  /** The service every random workflow is served with: its steps are the declaration's lambdas. */
  static final class Service {}

  /** What one task does. */
  private enum Does { SUCCEED, FAIL, FAIL_UNRETRIED, FLAKY, BLOCK }

  /** A generated workflow: its declaration, its inputs, and what it was made of, for a failure's message. */
  record Generated(long seed, Workflow<Service, List<Object>> workflow, Object[] inputs, String description) {}

  static Generated generate(long seed) {
    return new Generator(seed).build();
  }

  /** How a throwable reads across engines: its class (a remote one's original), message and suppressed exceptions. */
  static String describe(Throwable t) {
    var s = new StringBuilder(t instanceof RemoteStepException remote ? remote.type() : t.getClass().getName())
        .append(": ").append(t.getMessage());
    for (Throwable suppressed : t.getSuppressed()) {
      s.append(" [").append(describe(suppressed)).append(']');
    }
    return s.toString();
  }

  private static final class Generator {
    private final long seed;
    private final Random random;
    private final StringBuilder description = new StringBuilder();
    private boolean failureSource; // some node can fail the run already

    Generator(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    Generated build() {
      Object[] inputs = {random.nextInt(8) == 0 ? null : words("in", random.nextInt(4))};
      description.append("input ").append(inputs[0]).append('\n');
      int nodes = 1 + random.nextInt(8);
      var b = Workflow.<Service>builder("dev.errands.temporal.Random" + seed, "words");
      boolean[] tolerated = new boolean[nodes];
      boolean[] listStep = new boolean[nodes]; // a non-tolerated step whose value is a list
      boolean eachOfInputUsed = false;
      for (int n = 0; n < nodes; n++) {
        int[] after = after(n);
        tolerated[n] = random.nextInt(4) == 0;
        boolean race = random.nextInt(4) == 0;
        String name = (race ? "r" : "s") + n;
        var options = StepOptions.after(after);
        if (tolerated[n]) {
          options = options.tolerated();
        }
        description.append(name).append(" after ").append(Arrays.toString(after))
            .append(tolerated[n] ? " tolerated" : "");
        boolean mayFail = tolerated[n] || !failureSource;
        if (race) {
          Wins wins = random.nextBoolean() ? Wins.FIRST_TO_SETTLE : Wins.FIRST_TO_SUCCEED;
          long hedge = random.nextInt(3) == 0 ? 5 + random.nextInt(40) : 0; // racers one after another
          b.race(name, wins, options.hedge(hedge, MILLISECONDS));
          description.append(hedge > 0 ? " hedged " + hedge + " ms" : "");
          int racers = 2 + random.nextInt(2);
          int decisive = random.nextInt(racers);
          // What the race ends with: a success, the decisive racer's failure (first to settle), or every racer's.
          int ends = mayFail ? random.nextInt(3) : 0;
          if (ends == 1 && wins == Wins.FIRST_TO_SUCCEED) {
            ends = 2;
          } else if (ends == 2 && wins == Wins.FIRST_TO_SETTLE) {
            // Not racers failing together: the first decides, and the workflow task that cancels the
            // others as they fail too is refused by the test server, where the run then waits for
            // ever (temporalio/sdk-java#2391; a real server accepts it).
            ends = 1;
          }
          if (ends != 0 && !tolerated[n]) {
            failureSource = true;
          }
          description.append(' ').append(wins).append(" ends ").append(ends == 0 ? "won" : ends == 1 ? "lost" : "all failed")
              .append(" decisive ").append(decisive).append('\n');
          for (int r = 0; r < racers; r++) {
            String racer = name + "_" + r;
            Does does;
            if (ends == 2) {
              does = Does.FAIL;
            } else if (r == decisive) {
              does = ends == 0 ? Does.SUCCEED : Does.FAIL;
            } else {
              does = Does.BLOCK;
            }
            // Racers failing alike: whichever fails first, the cause reads the same.
            String failure = ends == 2 ? name + " is closed" : racer + " failed";
            b.racer(n, racer, body(racer, after, tolerated, does, failure, -1, 0, false));
          }
          continue;
        }
        int eachNode = -1;
        boolean eachOfInput = false;
        if (after.length > 0 && random.nextInt(3) == 0) {
          for (int dep : after) {
            if (listStep[dep]) {
              eachNode = dep;
            }
          }
        }
        if (eachNode < 0 && !eachOfInputUsed && random.nextInt(4) == 0) {
          eachOfInput = true; // one at most: a null input fails it, and two would race to be the cause
          eachOfInputUsed = true;
        }
        boolean each = eachNode >= 0 || eachOfInput;
        if (eachNode >= 0) {
          options = options.eachOf(eachNode).limit(random.nextInt(3));
        } else if (eachOfInput) {
          options = options.eachOfInput(0).limit(random.nextInt(3));
          if (inputs[0] == null && !tolerated[n]) {
            if (failureSource) {
              inputs[0] = List.of(); // the run has its failure already
            }
            failureSource = true;
          }
        }
        Does does = Does.SUCCEED;
        int failAt = -1; // for a fan-out: the element that fails
        if (random.nextInt(3) == 0) {
          does = Does.FLAKY;
        } else if (mayFail && random.nextInt(4) == 0) {
          does = random.nextBoolean() ? Does.FAIL : Does.FAIL_UNRETRIED;
        }
        int attempts = 1 + random.nextInt(3);
        int failures = does == Does.FLAKY ? random.nextInt(mayFail ? 4 : attempts) : 0;
        if (does == Does.FLAKY && failures >= attempts && !tolerated[n]) {
          failureSource = true;
        }
        if (does == Does.FAIL || does == Does.FAIL_UNRETRIED) {
          if (!tolerated[n]) {
            failureSource = true;
          }
        }
        if (does != Does.SUCCEED) {
          failAt = random.nextInt(3); // for a fan-out: only this element fails or flakes
        }
        if (does != Does.SUCCEED) {
          options = options.retry(attempts, 1 + random.nextInt(3), MILLISECONDS, 1.5, IOException.class);
        }
        boolean list = !each && !tolerated[n] && random.nextBoolean();
        listStep[n] = list;
        description.append(each ? eachNode >= 0 ? " each of " + eachNode : " each of input" : "")
            .append(' ').append(does).append(does == Does.FLAKY ? " " + failures + " of " + attempts : "")
            .append(each && failAt >= 0 ? " at element " + failAt : "").append(list ? " list" : "").append('\n');
        // Generated code binds a fan-out's source to its @Each parameter alone: its body reads the element.
        int source = eachNode;
        int[] reads = source < 0 ? after : java.util.Arrays.stream(after).filter(dep -> dep != source).toArray();
        b.step(name, options, body(name, reads, tolerated, does, name + " failed", each ? failAt : -1, failures, list));
      }
      return new Generated(seed, b.build(in -> result(in, tolerated)), inputs, description.toString());
    }

    /** Up to three earlier nodes. */
    private int[] after(int n) {
      int wanted = Math.min(n, random.nextInt(4));
      var after = new ArrayList<Integer>();
      while (after.size() < wanted) {
        int dep = random.nextInt(n);
        if (!after.contains(dep)) {
          after.add(dep);
        }
      }
      return after.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private List<String> words(String prefix, int count) {
      var words = new ArrayList<String>();
      for (int i = 0; i < count; i++) {
        words.add(prefix + i);
      }
      return words;
    }
  }

  /**
   * A task's body: it reads what it waits for and returns a value made of it (a list, for a step a
   * fan-out may iterate), or fails as {@code does} says.
   *
   * @param failAt for a fan-out, the one element that fails (-1: all succeed when {@code does} fails)
   */
  private static dev.errands.runtime.StepBody<Service> body(String name, int[] after, boolean[] tolerated,
      Does does, String failure, int failAt, int failures, boolean list) {
    return (service, in) -> {
      var read = new StringBuilder(name);
      for (int dep : after) {
        read.append('|').append(tolerated[dep] ? describe((Outcome<?>) in.result(dep)) : String.valueOf(in.result(dep)));
      }
      Object element = in.element();
      if (element != null) {
        read.append('[').append(element).append(']');
      }
      String value = name + ":" + Integer.toHexString(read.toString().hashCode());
      boolean failsHere = failAt < 0 || (element != null && failAt == indexOf(element));
      int attempt = in.context().attempt();
      switch (does) {
        case BLOCK -> new CountDownLatch(1).await(); // until cancelled
        case FAIL -> {
          if (failsHere) {
            throw new IOException(failure + (failAt >= 0 ? " at " + element : "") + " on attempt " + attempt);
          }
        }
        case FAIL_UNRETRIED -> {
          if (failsHere) {
            throw new IllegalStateException(failure + (failAt >= 0 ? " at " + element : ""));
          }
        }
        case FLAKY -> {
          if (failsHere && attempt <= failures) {
            throw new IOException(value + " flaked on attempt " + attempt);
          }
        }
        case SUCCEED -> {}
      }
      return list ? List.of(value + "/0", value + "/1", value + "/2").subList(0, Math.floorMod(value.hashCode(), 4) % 4 == 3 ? 0 : 1 + Math.floorMod(value.hashCode(), 3)) : value;
    };
  }

  /** The index an element carries at its end ("in2", "s3:1f/2"): elements are made so. */
  private static int indexOf(Object element) {
    String s = element.toString();
    return Character.getNumericValue(s.charAt(s.length() - 1));
  }

  private static String describe(Outcome<?> outcome) {
    return switch (outcome) {
      case Outcome.Success<?> s -> "ok " + s.value();
      case Outcome.Failure<?> f -> "failed " + describe(f.cause());
    };
  }

  private static List<Object> result(StepInput in, boolean[] tolerated) {
    var values = new ArrayList<Object>();
    for (int n = 0; n < tolerated.length; n++) {
      values.add(tolerated[n] ? describe((Outcome<?>) in.result(n)) : in.result(n));
    }
    return values;
  }
}
