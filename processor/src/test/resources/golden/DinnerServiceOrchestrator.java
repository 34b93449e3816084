package com.acme;

import static dev.errands.runtime.StepOptions.after;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.Generated;

/**
 * Runs the steps of {@link DinnerService}, each as soon as what it waits for has succeeded.
 *
 * <ul>
 *   <li>{@code address}: starts at once
 *   <li>race {@code pizza}, won by the first racer to return or throw: {@code luigis}, {@code marios} (returns a {@code CompletionStage}; fails when it runs longer than 800 ms); starts after {@code address}
 *   <li>race {@code drinks}, won by the first racer to return: {@code fridge}, {@code corner}; starts at once
 *   <li>{@code dinner}: starts after {@code pizza} and {@code drinks}
 * </ul>
 *
 * <p>When a step fails, the others are interrupted and the run throws {@link WorkflowFailedException}. So does a run that takes longer than 5 s.
 *
 * <pre class="mermaid">{@code
 * flowchart LR
 *     input_customer[/"customer"/]
 *     step_address["address"]
 *     subgraph race_pizza ["race pizza: first to settle"]
 *         step_luigis["luigis"]
 *         step_marios["marios (async), timeout 800 ms"]
 *     end
 *     subgraph race_drinks ["race drinks: first to succeed"]
 *         step_fridge["fridge"]
 *         step_corner["corner"]
 *     end
 *     step_dinner["dinner"]
 *     input_customer --> step_address
 *     step_address --> race_pizza
 *     race_pizza --> step_dinner
 *     race_drinks --> step_dinner
 * }</pre>
 */
@Generated("dev.errands.processor.ErrandsProcessor")
public final class DinnerServiceOrchestrator {
    private static final int ADDRESS = 0;

    private static final int PIZZA = 1;

    private static final int DRINKS = 2;

    private static final int DINNER = 3;

    private static final int CUSTOMER = 0;

    /**
     * The workflow: each step, what it waits for, and how its method is called.
     */
    private static final Workflow<DinnerService, Result> WORKFLOW = Workflow.<DinnerService>builder("com.acme.DinnerService", "customer")
            // the types of the inputs, then of the steps and racers, in source order
            .types("java.lang.String", "java.lang.String", "java.lang.String", "java.lang.String",
                    "void", "void", "java.lang.String")
            // what each step's parameters take (inputs, then results): a step run on Temporal is sent only these
            .takes("address", new int[] {CUSTOMER}, new int[] {})
            .takes("luigis", new int[] {}, new int[] {ADDRESS})
            .takes("marios", new int[] {}, new int[] {ADDRESS})
            .takes("fridge", new int[] {}, new int[] {})
            .takes("corner", new int[] {}, new int[] {})
            .takes("dinner", new int[] {}, new int[] {PIZZA})
            .timeout(5, TimeUnit.SECONDS)
            .step("address", after(), (service, in) -> service.address((String) in.input(CUSTOMER)))
            // race pizza: the first racer to return or throw decides; then the others are interrupted
            .race("pizza", Wins.FIRST_TO_SETTLE, after(ADDRESS))
            .racer(PIZZA, "luigis", (service, in) -> service.luigis((String) in.result(ADDRESS)))
            .racer(PIZZA, "marios", after().timeout(800, TimeUnit.MILLISECONDS).async(),
                    (service, in) -> service.marios((String) in.result(ADDRESS)))
            // race drinks: the first racer to return wins, failures are waited out; then the others are interrupted
            .race("drinks", Wins.FIRST_TO_SUCCEED, after())
            .racer(DRINKS, "fridge", (service, in) -> {
                service.fridge();
                return null;
            })
            .racer(DRINKS, "corner", (service, in) -> {
                service.corner();
                return null;
            })
            .step("dinner", after(PIZZA, DRINKS),
                    (service, in) -> service.dinner((String) in.result(PIZZA)))
            .build(in -> new Result(
                    (String) in.result(ADDRESS),
                    (String) in.result(PIZZA),
                    (String) in.result(DINNER)));

    private final DinnerService service;

    private final RunOptions options;

    /**
     * Runs the steps of {@code service}, each on a virtual thread of its own.
     */
    public DinnerServiceOrchestrator(DinnerService service) {
        this(service, RunOptions.defaults());
    }

    /**
     * Runs the steps of {@code service} on {@code executor}, which it never shuts down.
     */
    public DinnerServiceOrchestrator(DinnerService service, Executor executor) {
        this(service, RunOptions.of(executor));
    }

    /**
     * Runs the steps of {@code service} as {@code options} say.
     */
    public DinnerServiceOrchestrator(DinnerService service, RunOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the workflow and waits until every step it started has ended.
     *
     * @param customer input of {@code address}
     * @return what the steps returned
     * @throws WorkflowFailedException when a step fails: {@code step()} names it, {@code getCause()} is what it threw;
     *     the other steps were interrupted and have ended
     * @throws InterruptedException when the calling thread is interrupted; the running steps were
     *     interrupted and have ended
     */
    public Result run(String customer) throws InterruptedException {
        return WORKFLOW.run(service, options, customer);
    }

    /**
     * Starts the workflow and returns at once.
     *
     * @param customer input of {@code address}
     * @return completes once every step the run started has ended: with what the steps returned,
     *     or exceptionally with a {@link WorkflowFailedException}; cancelling it interrupts the running steps
     */
    public CompletableFuture<Result> runAsync(String customer) {
        return WORKFLOW.runAsync(service, options, customer);
    }

    /**
     * The declaration this orchestrator runs, for engines other than the in-process one: {@code
     * errands-temporal} runs the same workflow, durably, on Temporal.
     */
    public static Workflow<DinnerService, Result> workflow() {
        return WORKFLOW;
    }

    /**
     * What a run produced: one component per step or race that returns a value, in source order.
     *
     * @param address the result of step {@code address}
     * @param pizza the result of the racer that won race {@code pizza}
     * @param dinner the result of step {@code dinner}
     */
    public record Result(String address, String pizza, String dinner) {
    }
}
