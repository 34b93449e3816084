package dev.errands.examples;

import dev.errands.Sequential;
import java.time.Duration;

/**
 * The same errands, run by yourself, one after another: the grocery store only after the post
 * office, the dry cleaner only after the grocery store. The run takes the sum of the errands.
 * Each errand hands on what it did, the way a user's id is needed before fetching their posts.
 */
public class ErrandsInSequence {
    private final Duration postOffice;
    private final Duration groceries;
    private final Duration dryCleaner;

    public ErrandsInSequence(Duration postOffice, Duration groceries, Duration dryCleaner) {
        this.postOffice = postOffice;
        this.groceries = groceries;
        this.dryCleaner = dryCleaner;
    }

    @Sequential
    String postOffice(String parcel) throws InterruptedException {
        Thread.sleep(postOffice);
        return "posted " + parcel;
    }

    @Sequential(after = "postOffice")
    String groceries(String postOffice, String shoppingList) throws InterruptedException {
        Thread.sleep(groceries);
        return postOffice + ", then bought " + shoppingList;
    }

    @Sequential(after = "groceries")
    String dryCleaner(String groceries, String ticket) throws InterruptedException {
        Thread.sleep(dryCleaner);
        return groceries + ", then picked up suit #" + ticket;
    }
}
