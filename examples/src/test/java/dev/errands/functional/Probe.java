package dev.errands.functional;

import dev.errands.runtime.RunEvent;
import dev.errands.runtime.RunListener;
import dev.errands.runtime.RunOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What the steps of a test service did: which started, which were interrupted, how many are
 * running now. Steps report to it; tests assert on it. As the run's {@link RunListener} ({@link
 * #options()}) it also sees which steps the engine has seen end.
 *
 * <p>This is where tests and steps synchronise: they wait for what must have happened ({@link
 * #awaitStarted}, {@link #awaitNoneRunning}, {@link #awaitEnded}, {@link #meet}); a step that must
 * keep running until it is cancelled {@linkplain #block blocks until it is interrupted}. Every wait
 * is bounded by {@link #PATIENCE} and fails when it runs out.
 */
final class Probe implements RunListener {
    /** How long any wait lasts before it fails: far longer than anything it waits for. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    final List<String> finished = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, Thread> threads = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    /** "failsFirst FAILED": the steps whose end the listener saw, with their outcome. */
    final List<String> ended = new CopyOnWriteArrayList<>();

    /**
     * Signalled whenever anything above changes: a lock rather than a monitor, so that no virtual
     * thread that waits here pins its carrier (as Object.wait does on JDK 21).
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Marks a step as started; pair with {@link #end}. */
    void start(String step) {
        started.add(step);
        threads.put(step, Thread.currentThread());
        running.incrementAndGet();
        changed();
    }

    void end(String step) {
        finished.add(step);
        running.decrementAndGet();
        changed();
    }

    /** A step's work that never ends by itself: it blocks until it is interrupted, and records that. */
    void block(String step) throws InterruptedException {
        start(step);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted.add(step);
            throw e;
        } finally {
            end(step);
        }
    }

    /**
     * A step's work that counts down {@code all} and waits until every other party has: a step that
     * gets past this ran at the same time as all the others. Fails after {@link #PATIENCE}.
     */
    void meet(String step, CountDownLatch all) throws InterruptedException {
        start(step);
        try {
            all.countDown();
            if (!all.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(all.getCount() + " steps never came: they did not run at the same time as " + step);
            }
        } finally {
            end(step);
        }
    }

    /** Waits until every one of {@code steps} has started (and is known to have). */
    void awaitStarted(String... steps) throws InterruptedException {
        awaitUntil(Arrays.toString(steps) + " to start, started " + started,
                () -> started.containsAll(List.of(steps)));
    }

    /** Waits until no step is running. */
    void awaitNoneRunning() throws InterruptedException {
        awaitUntil("no step running", () -> running.get() == 0);
    }

    /** Waits until the listener has seen {@code step} end with {@code outcome}. */
    void awaitEnded(String step, RunEvent.Outcome outcome) throws InterruptedException {
        String line = step + " " + outcome;
        awaitUntil(line + ", seen " + ended, () -> ended.contains(line));
    }

    private void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long left = PATIENCE.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (left <= 0) {
                    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void changed() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Options whose listener is this probe. */
    RunOptions options() {
        return RunOptions.builder().listener(this).build();
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.StepEnded e) {
            ended.add(e.step() + " " + e.outcome());
            changed();
        }
    }
}
