package dev.errands.functional;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Race;
import dev.errands.Retry;
import dev.errands.Sequential;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunEvent;
import dev.errands.runtime.StepContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Service classes for what goes beyond the peers: tolerated failures, retries, fan-out and step
 * contexts. The processor writes their orchestrators in this module's normal build.
 */
final class Beyond {
    private Beyond() {}

    /**
     * {@code albums} and the race {@code avatar} are tolerated: {@code page} receives them as
     * outcomes. {@code user} is not: {@code page} receives its value. Run it with {@code
     * probe.options()}.
     */
    static class Tolerant {
        final Probe probe = new Probe();
        final IllegalStateException userFailure = new IllegalStateException("no such user");
        final IOException albumsFailure = new IOException("the albums service is down");
        final IOException gravatarFailure = new IOException("gravatar is down");
        final IOException initialsFailure = new IOException("no initials");
        final AtomicReference<Outcome<List<String>>> albumsSeen = new AtomicReference<>();
        final AtomicReference<Outcome<String>> avatarSeen = new AtomicReference<>();

        @Parallel
        String user(boolean userFails) {
            if (userFails) {
                throw userFailure;
            }
            return "ada";
        }

        @Parallel
        List<String> albums(boolean albumsFail) throws IOException {
            if (albumsFail) {
                throw albumsFailure;
            }
            return List.of("holidays");
        }

        @Race(value = "avatar", wins = Race.Wins.FIRST_TO_SUCCEED)
        String gravatar(boolean avatarFails) throws IOException {
            if (avatarFails) {
                throw gravatarFailure;
            }
            return "gravatar.png";
        }

        @Race(value = "avatar", wins = Race.Wins.FIRST_TO_SUCCEED)
        String initials() throws IOException, InterruptedException {
            probe.awaitEnded("gravatar", RunEvent.Outcome.FAILED); // the first failure in time is gravatar's
            throw initialsFailure;
        }

        @Sequential(after = {"user", "albums", "avatar"})
        String page(String user, Outcome<List<String>> albums, Outcome<String> avatar) {
            albumsSeen.set(albums);
            avatarSeen.set(avatar);
            String withAlbums = switch (albums) {
                case Outcome.Success<List<String>> success -> user + " with " + success.value();
                case Outcome.Failure<List<String>> failure -> user + " without albums";
            };
            return withAlbums + ", avatar " + avatar.orElse("none");
        }
    }

    /** A step that fails {@code failures} times, then succeeds; it is tried 3 times at most. */
    static class Flaky {
        final List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        @Parallel
        @Retry(attempts = 3, delay = 10, on = IOException.class)
        String fetch(int failures, StepContext context) throws IOException {
            attemptsSeen.add(context.attempt());
            int call = calls.incrementAndGet();
            if (call <= failures) {
                throw new IOException("flaky " + call);
            }
            return "fetched on attempt " + context.attempt();
        }
    }

    /** Once per element of an input, then once per element of that step's results. */
    static class Squares {
        @Parallel
        int square(@Each int numbers) throws InterruptedException {
            Thread.sleep(numbers % 3); // elements end out of order; their order must not depend on it
            return numbers * numbers;
        }

        @Sequential(after = "square")
        String label(@Each Integer square) {
            return "#" + square;
        }

        @Sequential(after = "square")
        long sum(List<Integer> square) {
            return square.stream().mapToLong(Integer::longValue).sum();
        }
    }

    /**
     * At most 4 elements at a time; counts how many run at once. The elements meet four at a time:
     * they get past the barrier only if four run at once.
     */
    static class Limited {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CyclicBarrier fourAtOnce = new CyclicBarrier(4);

        @Parallel
        String fetch(@Each(limit = 4) String urls) throws Exception {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                fourAtOnce.await(Probe.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                running.decrementAndGet();
            }
            return urls.toUpperCase();
        }
    }

    /** The element 40 fails. */
    static class FailingElement {
        final IllegalArgumentException failure = new IllegalArgumentException("40 is not allowed");

        @Parallel
        int check(@Each int numbers) {
            if (numbers == 40) {
                throw failure;
            }
            return numbers;
        }
    }

    /** Steps and racers that tell what their contexts say. */
    static class Contexts {
        @Parallel
        String first(StepContext context) {
            return context.workflow() + " " + context.step() + " " + context.attempt();
        }

        @Sequential(after = "first")
        String second(String first, StepContext whatever) {
            return whatever.workflow() + " " + whatever.step();
        }

        @Race("quick")
        String left(StepContext context) {
            return context.step();
        }

        @Race("quick")
        String right(StepContext context) {
            return context.step();
        }
    }
}
