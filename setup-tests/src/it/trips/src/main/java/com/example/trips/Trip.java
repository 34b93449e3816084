package com.example.trips;

import dev.errands.Parallel;
import dev.errands.Sequential;

/** A service class as a user writes one: two steps at once, then one that needs both. */
public class Trip {
    @Parallel
    String flight(String city) {
        return "flight to " + city;
    }

    @Parallel
    String hotel(String city) {
        return "hotel in " + city;
    }

    @Sequential(after = {"flight", "hotel"})
    String plan(String flight, String hotel) {
        return flight + ", " + hotel;
    }
}
