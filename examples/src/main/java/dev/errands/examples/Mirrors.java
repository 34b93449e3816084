package dev.errands.examples;

import dev.errands.Race;
import java.io.IOException;
import java.time.Duration;

/**
 * The same file from three mirrors: the first mirror to answer with the file wins, and a mirror
 * that fails is waited out ({@code Promise.any}), so one broken mirror costs nothing. The run
 * fails only when every mirror failed.
 */
public class Mirrors {
    private final Duration europe;
    private final Duration america;
    private final boolean asiaIsDown;

    public Mirrors(Duration europe, Duration america, boolean asiaIsDown) {
        this.europe = europe;
        this.america = america;
        this.asiaIsDown = asiaIsDown;
    }

    @Race(value = "release", wins = Race.Wins.FIRST_TO_SUCCEED)
    String asia(String version) throws IOException {
        if (asiaIsDown) {
            throw new IOException("asia mirror: connection refused");
        }
        return "errands-" + version + ".jar from asia";
    }

    @Race(value = "release", wins = Race.Wins.FIRST_TO_SUCCEED)
    String europe(String version) throws InterruptedException {
        Thread.sleep(europe);
        return "errands-" + version + ".jar from europe";
    }

    @Race(value = "release", wins = Race.Wins.FIRST_TO_SUCCEED)
    String america(String version) throws InterruptedException {
        Thread.sleep(america);
        return "errands-" + version + ".jar from america";
    }
}
