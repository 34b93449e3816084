package dev.errands.functional;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the steps of a test service did: which started, which were interrupted, how many are
 * running now. Steps report to it; tests assert on it.
 */
final class Probe {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    final List<String> finished = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, Thread> threads = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();

    /** Marks a step as started; pair with {@link #end}. */
    void start(String step) {
        started.add(step);
        threads.put(step, Thread.currentThread());
        running.incrementAndGet();
    }

    void end(String step) {
        finished.add(step);
        running.decrementAndGet();
    }

    /** Sleeps {@code millis} as a step's work, recording an interruption. */
    void work(String step, long millis) throws InterruptedException {
        start(step);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            interrupted.add(step);
            throw e;
        } finally {
            end(step);
        }
    }
}
