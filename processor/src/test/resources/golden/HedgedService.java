package com.acme;

import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.Timeout;
import dev.errands.runtime.Outcome;
import java.util.concurrent.TimeUnit;

class HedgedService {
    @Sequential
    String address(String customer) {
        return customer + "'s place";
    }

    @Race(value = "pizza", after = "address", hedgeAfter = 20)
    String luigis(String address) {
        return "margherita to " + address;
    }

    @Race(value = "pizza", after = "address", hedgeAfter = 20)
    String marios(String address) {
        return "quattro stagioni to " + address;
    }

    @Race(value = "pizza", after = "address", hedgeAfter = 20)
    @Timeout(value = 800, unit = TimeUnit.MILLISECONDS)
    String napoli(String address) {
        return "marinara to " + address;
    }

    @Race(value = "tip", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 2, hedgeUnit = TimeUnit.SECONDS)
    int replicaA() {
        return 10;
    }

    @Race(value = "tip", wins = Race.Wins.FIRST_TO_SUCCEED, hedgeAfter = 2, hedgeUnit = TimeUnit.SECONDS)
    int replicaB() {
        return 12;
    }

    @Race(value = "drinks", hedgeAfter = 0, hedgeUnit = TimeUnit.SECONDS)
    void fridge() {}

    @Race(value = "drinks", hedgeAfter = 0, hedgeUnit = TimeUnit.SECONDS)
    void corner() {}

    @Sequential(after = {"pizza", "tip", "drinks"})
    String dinner(String pizza, Outcome<Integer> tip) {
        return "dinner: " + pizza + tip.orElse(0);
    }
}
