package dev.errands.examples;

import dev.errands.Sequential;
import java.io.IOException;

/**
 * The same errands, run by yourself, one after another: the grocery store only after the post
 * office, the dry cleaner only after the grocery store. The run takes the sum of the errands. Each
 * errand takes what the one before brought back, as fetching a user's posts needs the user's id.
 */
public class ErrandsInSequence {
    private final TownClient town;

    public ErrandsInSequence(TownClient town) {
        this.town = town;
    }

    @Sequential
    String postOffice(String parcel) throws IOException, InterruptedException {
        return town.visit("post-office", "send/" + parcel);
    }

    @Sequential(after = "postOffice")
    String groceries(String postOffice, String shoppingList) throws IOException, InterruptedException {
        return postOffice + " -> " + town.visit("grocery-store", "buy/" + shoppingList);
    }

    @Sequential(after = "groceries")
    String dryCleaner(String groceries, String ticket) throws IOException, InterruptedException {
        return groceries + " -> " + town.visit("dry-cleaner", "pick-up/" + ticket);
    }
}
