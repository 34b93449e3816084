package dev.errands.functional;

import dev.errands.Parallel;
import dev.errands.Sequential;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** Service classes whose orchestrators the processor writes in this module's normal build. */
final class Services {
    private Services() {}

    /** Three errands at once: 100, 150 and 200 ms. */
    static class ThreeAtOnce {
        final Probe probe = new Probe();

        @Parallel
        String a() throws InterruptedException {
            probe.work("a", 100);
            return "A";
        }

        @Parallel
        String b() throws InterruptedException {
            probe.work("b", 150);
            return "B";
        }

        @Parallel
        String c() throws InterruptedException {
            probe.work("c", 200);
            return "C";
        }
    }

    /** A chain: each step takes the result of the one before, and an input. */
    static class Chain {
        @Sequential
        int first(int seed) {
            return seed + 1;
        }

        @Sequential(after = "first")
        long second(int first, int factor) {
            return (long) first * factor;
        }

        @Sequential(after = "second")
        String third(long second, String unit) {
            return second + " " + unit;
        }
    }

    /** a → (b, c) → d; b and c must overlap. */
    static class Diamond {
        final Probe probe = new Probe();
        final CountDownLatch bothMiddleStepsRunning = new CountDownLatch(2);
        final long middleMillis;

        Diamond(long middleMillis) {
            this.middleMillis = middleMillis;
        }

        @Sequential
        int a() {
            probe.start("a");
            probe.end("a");
            return 1;
        }

        @Sequential(after = "a")
        int b(int a) throws InterruptedException {
            bothMiddleStepsRunning.countDown();
            probe.work("b", middleMillis);
            return a + 10;
        }

        @Sequential(after = "a")
        int c(int a) throws InterruptedException {
            bothMiddleStepsRunning.countDown();
            probe.work("c", middleMillis);
            return a + 100;
        }

        @Sequential(after = {"b", "c"})
        int d(int b, int c) {
            probe.start("d");
            probe.end("d");
            return b + c;
        }
    }

    /** A step fails while two others run; a fourth waits for the failing one. */
    static class Failing {
        final Probe probe = new Probe();
        final CountDownLatch othersRunning = new CountDownLatch(2);
        final IOException failure = new IOException("the post office is closed");

        @Parallel
        String slowOne() throws InterruptedException {
            othersRunning.countDown();
            probe.work("slowOne", 10_000);
            return "never";
        }

        @Parallel
        String slowTwo() throws InterruptedException {
            othersRunning.countDown();
            probe.work("slowTwo", 10_000);
            return "never";
        }

        @Parallel
        String failing() throws IOException, InterruptedException {
            probe.start("failing");
            try {
                othersRunning.await();
                throw failure;
            } finally {
                probe.end("failing");
            }
        }

        @Sequential(after = "failing")
        String afterFailing(String failing) {
            probe.start("afterFailing");
            probe.end("afterFailing");
            return failing;
        }
    }

    /** Two steps that block until interrupted, and tell when they have both started. */
    static class Blocking {
        final Probe probe = new Probe();
        final CountDownLatch started = new CountDownLatch(2);

        @Parallel
        void one() throws InterruptedException {
            started.countDown();
            probe.work("one", 60_000);
        }

        @Parallel
        void two() throws InterruptedException {
            started.countDown();
            probe.work("two", 60_000);
        }

        @Sequential(after = {"one", "two"})
        void three() {
            probe.start("three");
            probe.end("three");
        }
    }
}
