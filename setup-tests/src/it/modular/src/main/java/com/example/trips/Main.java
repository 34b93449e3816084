package com.example.trips;

import dev.errands.runtime.Workflow;

/**
 * Runs the orchestrator the processor wrote for {@link Trip}, in the module com.example.trips;
 * exits with an error on a wrong result, or when any of the three is not the named module it should be.
 */
public class Main {
    public static void main(String[] args) throws InterruptedException {
        TripOrchestrator.Result trip = new TripOrchestrator(new Trip()).run("Lisbon");
        String expected = "flight to Lisbon, hotel in Lisbon";
        if (!trip.plan().equals(expected)) {
            throw new AssertionError("expected the plan \"" + expected + "\", got " + trip);
        }
        String modules = Main.class.getModule().getName() + ", "
                + Workflow.class.getModule().getName() + ", " + dev.errands.Parallel.class.getModule().getName();
        if (!modules.equals("com.example.trips, dev.errands.runtime, dev.errands")) {
            throw new AssertionError("expected three named modules, got " + modules);
        }
        System.out.println("Errands ran on Java " + Runtime.version().feature() + " in the modules " + modules + ": " + trip);
    }
}
