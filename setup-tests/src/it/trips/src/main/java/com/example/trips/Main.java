package com.example.trips;

import dev.errands.Parallel;
import dev.errands.runtime.Workflow;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the orchestrator the processor wrote for {@link Trip}; exits with an error on a wrong result. */
public class Main {
    public static void main(String[] args) throws InterruptedException {
        TripOrchestrator.Result trip = new TripOrchestrator(new Trip()).run("Lisbon");
        String expected = "flight to Lisbon, hotel in Lisbon";
        if (!trip.plan().equals(expected)) {
            throw new AssertionError("expected the plan \"" + expected + "\", got " + trip);
        }
        System.out.println("Errands ran on Java " + Runtime.version().feature() + " in " + modules() + ": " + trip);
    }

    /** Where this class, the runtime and the annotations were loaded: the class path, or which modules. */
    private static String modules() {
        if (!Main.class.getModule().isNamed()) {
            return "the unnamed module";
        }
        return Stream.of(Main.class, Workflow.class, Parallel.class)
                .map(type -> type.getModule().getName())
                .collect(Collectors.joining(", ", "the modules ", ""));
    }
}
