package dev.errands.functional;

import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.runtime.RunEvent;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Races whose orchestrators the processor writes in this module's normal build. */
final class Racers {
    private Racers() {}

    /**
     * First to settle: a fast winner (once both others run), a slow loser, and a loser that ignores
     * its interrupt for a while.
     */
    static class Settle {
        final Probe probe = new Probe();
        final CountDownLatch dependentStarted = new CountDownLatch(1);
        volatile boolean stubbornEndedBeforeDependent;

        @Race("pizza")
        String fast() throws InterruptedException {
            probe.start("fast");
            try {
                probe.awaitStarted("slow", "stubborn"); // so that both lose while running
                return "fast pizza";
            } finally {
                probe.end("fast");
            }
        }

        @Race("pizza")
        String slow() throws InterruptedException {
            probe.block("slow");
            return "slow pizza";
        }

        /** Swallows the interrupt and keeps going until the dependent step has started. */
        @Race("pizza")
        String stubborn() throws InterruptedException {
            probe.start("stubborn");
            try {
                new CountDownLatch(1).await(); // until interrupted
            } catch (InterruptedException e) {
                probe.interrupted.add("stubborn");
                dependentStarted.await(5, TimeUnit.SECONDS); // deaf to the race's end until then
            } finally {
                probe.end("stubborn");
            }
            return "stubborn pizza";
        }

        @Sequential(after = "pizza")
        String dinner(String pizza) {
            probe.start("dinner");
            stubbornEndedBeforeDependent = probe.finished.contains("stubborn");
            dependentStarted.countDown();
            probe.end("dinner");
            return "dinner: " + pizza;
        }
    }

    /** First to settle, where the first racer to finish throws. */
    static class SettleByFailure {
        final Probe probe = new Probe();
        final IllegalStateException failure = new IllegalStateException("oven broke");

        @Race("pizza")
        String broken() throws InterruptedException {
            probe.start("broken");
            try {
                probe.awaitStarted("fine"); // so that fine loses while running
                throw failure;
            } finally {
                probe.end("broken");
            }
        }

        @Race("pizza")
        String fine() throws InterruptedException {
            probe.block("fine");
            return "fine pizza";
        }

        @Sequential(after = "pizza")
        String dinner(String pizza) {
            probe.start("dinner");
            probe.end("dinner");
            return pizza;
        }
    }

    /**
     * First to succeed: failures are waited out. The racers end in the order failsFirst,
     * failsSecond, slowest: each waits until the engine has seen the one before end. Run it with
     * {@code probe.options()}.
     */
    static class Succeed {
        final Probe probe = new Probe();
        final boolean allFail;
        final IOException first = new IOException("first down");
        final IOException second = new IOException("second down");
        final IOException third = new IOException("third down");

        Succeed(boolean allFail) {
            this.allFail = allFail;
        }

        @Race(value = "mirror", wins = Race.Wins.FIRST_TO_SUCCEED)
        String failsFirst() throws IOException {
            throw first;
        }

        @Race(value = "mirror", wins = Race.Wins.FIRST_TO_SUCCEED)
        String failsSecond() throws IOException, InterruptedException {
            probe.awaitEnded("failsFirst", RunEvent.Outcome.FAILED);
            throw second;
        }

        @Race(value = "mirror", wins = Race.Wins.FIRST_TO_SUCCEED)
        String slowest() throws IOException, InterruptedException {
            probe.awaitEnded("failsSecond", RunEvent.Outcome.FAILED);
            if (allFail) {
                throw third;
            }
            return "from the slowest mirror";
        }
    }

    /** Races in order: submitted in source order, decided in that order on one thread. */
    static class InOrder {
        @Race("race")
        String first() {
            return "first";
        }

        @Race("race")
        String second() {
            return "second";
        }

        @Race("race")
        String third() {
            return "third";
        }
    }

    /** Void racers: the race is waited for, but adds nothing to the Result. */
    static class VoidRace {
        final Probe probe = new Probe();

        @Race("warmUp")
        void cacheA() throws InterruptedException {
            probe.start("cacheA");
            try {
                probe.awaitStarted("cacheB"); // so that cacheB loses while running
            } finally {
                probe.end("cacheA");
            }
        }

        @Race("warmUp")
        void cacheB() throws InterruptedException {
            probe.block("cacheB");
        }

        @Sequential(after = "warmUp")
        String serve() {
            return "served";
        }
    }
}
