package dev.errands.functional;

import dev.errands.Parallel;
import dev.errands.Sequential;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** Service classes whose orchestrators the processor writes in this module's normal build. */
final class Services {
    private Services() {}

    /** Three errands at once: each waits until all three are running. */
    static class ThreeAtOnce {
        final Probe probe = new Probe();
        final CountDownLatch allThree = new CountDownLatch(3);

        @Parallel
        String a() throws InterruptedException {
            probe.meet("a", allThree);
            return "A";
        }

        @Parallel
        String b() throws InterruptedException {
            probe.meet("b", allThree);
            return "B";
        }

        @Parallel
        String c() throws InterruptedException {
            probe.meet("c", allThree);
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

    /** a → (b, c) → d; when {@code middleStepsMeet}, b and c each wait until both are running. */
    static class Diamond {
        final Probe probe = new Probe();
        final CountDownLatch bothMiddleSteps = new CountDownLatch(2);
        final boolean middleStepsMeet;

        Diamond(boolean middleStepsMeet) {
            this.middleStepsMeet = middleStepsMeet;
        }

        private void middle(String step) throws InterruptedException {
            if (middleStepsMeet) {
                probe.meet(step, bothMiddleSteps);
            } else {
                probe.start(step);
                probe.end(step);
            }
        }

        @Sequential
        int a() {
            probe.start("a");
            probe.end("a");
            return 1;
        }

        @Sequential(after = "a")
        int b(int a) throws InterruptedException {
            middle("b");
            return a + 10;
        }

        @Sequential(after = "a")
        int c(int a) throws InterruptedException {
            middle("c");
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
        final IOException failure = new IOException("the post office is closed");

        @Parallel
        String slowOne() throws InterruptedException {
            probe.block("slowOne");
            return "never";
        }

        @Parallel
        String slowTwo() throws InterruptedException {
            probe.block("slowTwo");
            return "never";
        }

        @Parallel
        String failing() throws IOException, InterruptedException {
            probe.start("failing");
            try {
                probe.awaitStarted("slowOne", "slowTwo");
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

    /**
     * Two steps that block until interrupted; {@code probe.awaitStarted("one", "two")} tells when
     * both have started, once the probe knows it.
     */
    static class Blocking {
        final Probe probe = new Probe();

        @Parallel
        void one() throws InterruptedException {
            probe.block("one");
        }

        @Parallel
        void two() throws InterruptedException {
            probe.block("two");
        }

        @Sequential(after = {"one", "two"})
        void three() {
            probe.start("three");
            probe.end("three");
        }
    }
}
