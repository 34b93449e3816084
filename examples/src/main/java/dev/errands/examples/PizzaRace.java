package dev.errands.examples;

import dev.errands.Race;
import dev.errands.Sequential;
import java.time.Duration;

/**
 * The seed's race: three friends go to three pizza places, and the first one back with a pizza
 * decides dinner. Where {@code Promise.race} can only ignore the losers, Errands calls them back:
 * the friends still on their way are interrupted.
 */
public class PizzaRace {
    private final Duration luigis;
    private final Duration marios;
    private final Duration napoli;

    public PizzaRace(Duration luigis, Duration marios, Duration napoli) {
        this.luigis = luigis;
        this.marios = marios;
        this.napoli = napoli;
    }

    @Race("pizza")
    String luigis() throws InterruptedException {
        Thread.sleep(luigis);
        return "a margherita from Luigi's";
    }

    @Race("pizza")
    String marios() throws InterruptedException {
        Thread.sleep(marios);
        return "a quattro stagioni from Mario's";
    }

    @Race("pizza")
    String napoli() throws InterruptedException {
        Thread.sleep(napoli);
        return "a marinara from Napoli";
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
        return "dinner is " + pizza;
    }
}
