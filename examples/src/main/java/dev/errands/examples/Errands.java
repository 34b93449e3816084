package dev.errands.examples;

import dev.errands.Parallel;
import java.time.Duration;

/**
 * The seed's three errands, sent out at once: three friends, one errand each. The run takes as
 * long as the slowest errand, not the sum of them.
 */
public class Errands {
    private final Duration postOffice;
    private final Duration groceries;
    private final Duration dryCleaner;

    public Errands(Duration postOffice, Duration groceries, Duration dryCleaner) {
        this.postOffice = postOffice;
        this.groceries = groceries;
        this.dryCleaner = dryCleaner;
    }

    @Parallel
    String postOffice(String parcel) throws InterruptedException {
        Thread.sleep(postOffice);
        return "posted " + parcel;
    }

    @Parallel
    String groceries(String shoppingList) throws InterruptedException {
        Thread.sleep(groceries);
        return "bought " + shoppingList;
    }

    @Parallel
    String dryCleaner(String ticket) throws InterruptedException {
        Thread.sleep(dryCleaner);
        return "picked up suit #" + ticket;
    }
}
