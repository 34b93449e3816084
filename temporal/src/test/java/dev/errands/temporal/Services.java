package dev.errands.temporal;

import dev.errands.Parallel;
import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.Timeout;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Service classes like those of the examples; the processor writes their orchestrators. */
final class Services {
  private Services() {}

  record Receipt(String place, String what, long pence) {}

  /** Three errands at once, as {@code Errands}. */
  static class ParallelErrands {
    @Parallel
    Receipt postOffice(String parcel) throws InterruptedException {
      Thread.sleep(50);
      return new Receipt("post-office", parcel, 120);
    }

    @Parallel
    Receipt groceries(List<String> shoppingList) throws InterruptedException {
      Thread.sleep(80);
      return new Receipt("grocery-store", String.join(",", shoppingList), 100L * shoppingList.size());
    }

    @Parallel
    CompletableFuture<String> dryCleaner(int ticket) {
      return CompletableFuture.supplyAsync(() -> "coat #" + ticket);
    }
  }

  /** The same errands one after another, each taking what the one before brought back, as {@code ErrandsInSequence}. */
  static class SequentialChain {
    @Sequential
    int first(int seed) {
      return seed + 1;
    }

    @Sequential(after = "first")
    long second(int first, long factor) {
      return first * factor;
    }

    @Sequential(after = "second")
    String third(long second, String unit) {
      return second + " " + unit;
    }

    @Sequential(after = "third")
    void audit(String third) {}
  }

  /**
   * The pizza race: the fastest place decides ({@code Promise.race}), as {@code PizzaRace}. The
   * others take far longer than any run may: they can only lose, and be interrupted.
   */
  static class PizzaRace {
    /** Per order, a permit for each place that was interrupted while preparing it. */
    final Map<String, Semaphore> interrupted = new ConcurrentHashMap<>();

    @Race("pizza")
    String luigis(String order) throws InterruptedException {
      return slow("luigis", order, 60_000);
    }

    @Race("pizza")
    String marios(String order) throws InterruptedException {
      return slow("marios", order, 100);
    }

    @Race("pizza")
    String napoli(String order) throws InterruptedException {
      return slow("napoli", order, 50_000);
    }

    Semaphore interrupted(String order) {
      return interrupted.computeIfAbsent(order, o -> new Semaphore(0));
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
      return "dinner is " + pizza;
    }

    private String slow(String place, String order, long millis) throws InterruptedException {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        interrupted(order).release();
        throw e;
      }
      return order + " from " + place;
    }
  }

  /** FIRST_TO_SETTLE decided by a failure: the fastest place is closed. */
  static class PizzaRaceLostToAFailure {
    @Race("pizza")
    String luigis(String order) throws InterruptedException {
      Thread.sleep(2000);
      return order + " from luigis";
    }

    @Race("pizza")
    String marios(String order) throws IOException {
      throw new IOException("marios is closed today");
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
      return "dinner is " + pizza;
    }
  }

  /** FIRST_TO_SUCCEED: the closed place is waited out, the open one wins ({@code Promise.any}). */
  static class AnyPizza {
    @Race(value = "pizza", wins = Race.Wins.FIRST_TO_SUCCEED)
    String luigis(String order) throws InterruptedException {
      Thread.sleep(300);
      return order + " from luigis";
    }

    @Race(value = "pizza", wins = Race.Wins.FIRST_TO_SUCCEED)
    String marios(String order) throws IOException {
      throw new IOException("marios is closed today");
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
      return "dinner is " + pizza;
    }
  }

  /** FIRST_TO_SUCCEED with every place closed: the race fails, by its own name. */
  static class NoPizza {
    @Race(value = "pizza", wins = Race.Wins.FIRST_TO_SUCCEED)
    String luigis(String order) throws InterruptedException, IOException {
      Thread.sleep(400);
      throw new IOException("luigis ran out of dough");
    }

    @Race(value = "pizza", wins = Race.Wins.FIRST_TO_SUCCEED)
    String marios(String order) {
      throw new IllegalStateException("marios is closed today");
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
      return "dinner is " + pizza;
    }
  }

  /** A failing step: the run fails, naming it. */
  static class FailingStep {
    @Sequential
    String user(long id) {
      return "user " + id;
    }

    @Sequential(after = "user")
    String posts(String user) throws IOException {
      throw new IOException("the blog of " + user + " is down");
    }

    @Parallel
    String weather() throws InterruptedException {
      Thread.sleep(5000);
      return "sunny";
    }
  }

  /** The class @Timeout passes while a step is running. */
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  static class TooSlow {
    @Sequential
    String quick() {
      return "quick";
    }

    @Sequential(after = "quick")
    String slow(String quick) throws InterruptedException {
      Thread.sleep(10_000);
      return quick + " and slow";
    }
  }

  /** A step @Timeout: the step fails with a TimeoutException. */
  static class StepTimeout {
    @Sequential
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    String slow() throws InterruptedException {
      Thread.sleep(10_000);
      return "slow";
    }
  }

  /**
   * Two steps for the durability test: {@code second} blocks on the first worker (which is then
   * stopped) and returns on the second; the counters are shared by both workers' instances.
   */
  static class Durable {
    final AtomicInteger firstCalls;
    final AtomicInteger secondCalls;
    final java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
    final boolean secondBlocks;

    Durable(AtomicInteger firstCalls, AtomicInteger secondCalls, boolean secondBlocks) {
      this.firstCalls = firstCalls;
      this.secondCalls = secondCalls;
      this.secondBlocks = secondBlocks;
    }

    @Sequential
    Receipt first(String order) {
      firstCalls.incrementAndGet();
      return new Receipt("kitchen", "prepared " + order, 900);
    }

    @Sequential(after = "first")
    String second(Receipt first) throws InterruptedException {
      secondCalls.incrementAndGet();
      secondStarted.countDown();
      if (secondBlocks) {
        Thread.sleep(60_000); // until this worker is stopped
      }
      return first.what() + ", delivered";
    }
  }
}
