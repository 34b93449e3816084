package com.example.trips;

/** Runs the orchestrator the processor wrote for {@link Trip}; exits with an error on a wrong result. */
public class Main {
    public static void main(String[] args) throws InterruptedException {
        TripOrchestrator.Result trip = new TripOrchestrator(new Trip()).run("Lisbon");
        String expected = "flight to Lisbon, hotel in Lisbon";
        if (!trip.plan().equals(expected)) {
            throw new AssertionError("expected the plan \"" + expected + "\", got " + trip);
        }
        System.out.println("Errands ran on Java " + Runtime.version().feature() + ": " + trip);
    }
}
