package dev.errands.examples;

import dev.errands.Race;
import dev.errands.Sequential;
import java.io.IOException;

/**
 * The seed's race: three friends go to three pizza places, and the first one back with a pizza
 * decides dinner ({@code Promise.race}). Where JavaScript can only ignore the losers, Errands calls
 * them back: the friends still on their way are interrupted, and their requests aborted.
 */
public class PizzaRace {
    private final TownClient town;

    public PizzaRace(TownClient town) {
        this.town = town;
    }

    @Race("pizza")
    String luigis(String order) throws IOException, InterruptedException {
        return town.visit("luigis", order);
    }

    @Race("pizza")
    String marios(String order) throws IOException, InterruptedException {
        return town.visit("marios", order);
    }

    @Race("pizza")
    String napoli(String order) throws IOException, InterruptedException {
        return town.visit("napoli", order);
    }

    @Sequential(after = "pizza")
    String dinner(String pizza) {
        return "dinner is " + pizza;
    }
}
