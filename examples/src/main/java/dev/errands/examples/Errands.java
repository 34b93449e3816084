package dev.errands.examples;

import dev.errands.Parallel;
import java.io.IOException;

/**
 * The seed's three errands, sent out at once: you tell three friends "you go to the post office,
 * you to the grocery store, you to the dry cleaner; call me when you're all done". The run takes as
 * long as the slowest errand, not the sum of them ({@code Promise.all}).
 */
public class Errands {
    private final TownClient town;

    public Errands(TownClient town) {
        this.town = town;
    }

    @Parallel
    String postOffice(String parcel) throws IOException, InterruptedException {
        return town.visit("post-office", "send/" + parcel);
    }

    @Parallel
    String groceries(String shoppingList) throws IOException, InterruptedException {
        return town.visit("grocery-store", "buy/" + shoppingList);
    }

    @Parallel
    String dryCleaner(String ticket) throws IOException, InterruptedException {
        return town.visit("dry-cleaner", "pick-up/" + ticket);
    }
}
