package com.acme;

import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class DinnerService {
    @Sequential
    String address(String customer) {
        return customer + "'s place";
    }

    @Race(value = "pizza", after = "address")
    String luigis(String address) {
        return "margherita to " + address;
    }

    @Race(value = "pizza", after = "address")
    @Timeout(value = 800, unit = TimeUnit.MILLISECONDS)
    CompletableFuture<String> marios(String address) {
        return CompletableFuture.completedFuture("quattro stagioni to " + address);
    }

    @Race(value = "drinks", wins = Race.Wins.FIRST_TO_SUCCEED)
    void fridge() {}

    @Race(value = "drinks", wins = Race.Wins.FIRST_TO_SUCCEED)
    void corner() {}

    @Sequential(after = {"pizza", "drinks"})
    String dinner(String pizza) {
        return "dinner: " + pizza;
    }
}
