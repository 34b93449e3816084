package dev.errands.examples;

import dev.errands.Race;
import java.io.IOException;

/**
 * A hedged race ("The Tail at Scale", Dean and Barroso): the same page is on three replicas. Ask
 * the first; only if it is not back within 50 ms, ask the second as well; only if neither is back
 * 50 ms later, the third. Whichever answers first wins, and the others are called back. Most pages
 * cost one request; a replica that is sometimes slow costs 50 ms more, not its whole hiccup.
 *
 * <p>Under {@code FIRST_TO_SUCCEED}, a replica that fails (a 503) does not decide the race: the next
 * one is asked at once, without waiting for its turn.
 */
public class Replicas {
    private final TownClient town;

    public Replicas(TownClient town) {
        this.town = town;
    }

    @Race(value = "page", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 50)
    String replica1(String path) throws IOException, InterruptedException {
        return town.visit("replica-1", path);
    }

    @Race(value = "page", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 50)
    String replica2(String path) throws IOException, InterruptedException {
        return town.visit("replica-2", path);
    }

    @Race(value = "page", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 50)
    String replica3(String path) throws IOException, InterruptedException {
        return town.visit("replica-3", path);
    }
}
