package dev.errands.examples;

import dev.errands.Parallel;
import dev.errands.Sequential;
import java.io.IOException;

/**
 * A checkout that fails half-way: the payment provider is down. The run fails with the payment's
 * own exception and names the step; the stock reservation and the fraud check still running are
 * interrupted, and the confirmation mail is never sent.
 */
public class Checkout {
    private final TownClient town;

    public Checkout(TownClient town) {
        this.town = town;
    }

    @Parallel
    String reserveStock(String order) throws IOException, InterruptedException {
        return town.visit("warehouse", "reserve/" + order);
    }

    @Parallel
    String fraudCheck(String order) throws IOException, InterruptedException {
        return town.visit("fraud-check", order);
    }

    @Parallel
    String payment(String order) throws IOException, InterruptedException {
        return town.visit("payments", "charge/" + order);
    }

    @Sequential(after = {"reserveStock", "fraudCheck", "payment"})
    String confirmationMail(String order) throws IOException, InterruptedException {
        return town.visit("mail", "confirm/" + order);
    }
}
