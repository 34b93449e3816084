package com.acme;

import static dev.errands.runtime.StepOptions.after;

import dev.errands.runtime.Outcome;
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
 * Runs the steps of {@link HedgedService}, each as soon as what it waits for has succeeded (or, where it is tolerated, settled).
 *
 * <ul>
 *   <li>{@code address}: starts at once
 *   <li>race {@code pizza}, won by the first racer to return or throw, hedged: racers start 20 ms apart in this order while it is undecided: {@code luigis}, {@code marios}, {@code napoli} (fails when it runs longer than 800 ms); starts after {@code address}
 *   <li>race {@code tip}, won by the first racer to return, hedged: racers start 2 s apart in this order while it is undecided, the next at once when every racer started so far has failed: {@code replicaA}, {@code replicaB}; starts at once; tolerated: its failure does not fail the run
 *   <li>race {@code drinks}, won by the first racer to return or throw: {@code fridge}, {@code corner}; starts at once
 *   <li>{@code dinner}: starts after {@code pizza} and {@code drinks}, and once {@code tip} has settled
 * </ul>
 *
 * <p>When a step that is not tolerated fails, the others are interrupted and the run throws {@link WorkflowFailedException}.
 *
 * <pre class="mermaid">{@code
 * flowchart LR
 *     input_customer[/"customer"/]
 *     step_address["address"]
 *     subgraph race_pizza ["race pizza: first to settle, hedged every 20 ms"]
 *         step_luigis["luigis"]
 *         step_marios["marios"]
 *         step_napoli["napoli, timeout 800 ms"]
 *     end
 *     subgraph race_tip ["race tip: first to succeed, hedged every 2 s, tolerated"]
 *         step_replicaA["replicaA"]
 *         step_replicaB["replicaB"]
 *     end
 *     subgraph race_drinks ["race drinks: first to settle"]
 *         step_fridge["fridge"]
 *         step_corner["corner"]
 *     end
 *     step_dinner["dinner"]
 *     input_customer --> step_address
 *     step_address --> race_pizza
 *     race_pizza --> step_dinner
 *     race_tip -.->|settled| step_dinner
 *     race_drinks --> step_dinner
 * }</pre>
 */
@Generated("dev.errands.processor.ErrandsProcessor")
public final class HedgedServiceOrchestrator {
    private static final int ADDRESS = 0;

    private static final int PIZZA = 1;

    private static final int TIP = 2;

    private static final int DRINKS = 3;

    private static final int DINNER = 4;

    private static final int CUSTOMER = 0;

    /**
     * The workflow: each step, what it waits for, and how its method is called.
     */
    @SuppressWarnings("unchecked")
    private static final Workflow<HedgedService, Result> WORKFLOW = Workflow.<HedgedService>builder("com.acme.HedgedService", "customer")
            // the types of the inputs, then of the steps and racers, in source order
            .types("java.lang.String", "java.lang.String", "java.lang.String", "java.lang.String",
                    "java.lang.String", "int", "int", "void", "void", "java.lang.String")
            // what each step's parameters take (inputs, then results): a step run on Temporal is sent only these
            .takes("address", new int[] {CUSTOMER}, new int[] {})
            .takes("luigis", new int[] {}, new int[] {ADDRESS})
            .takes("marios", new int[] {}, new int[] {ADDRESS})
            .takes("napoli", new int[] {}, new int[] {ADDRESS})
            .takes("replicaA", new int[] {}, new int[] {})
            .takes("replicaB", new int[] {}, new int[] {})
            .takes("fridge", new int[] {}, new int[] {})
            .takes("corner", new int[] {}, new int[] {})
            .takes("dinner", new int[] {}, new int[] {PIZZA, TIP})
            .step("address", after(), (service, in) -> service.address((String) in.input(CUSTOMER)))
            // race pizza: racers start 20 ms apart in source order while it is undecided; the first racer to return or throw decides; then the others are interrupted
            .race("pizza", Wins.FIRST_TO_SETTLE, after(ADDRESS).hedge(20, TimeUnit.MILLISECONDS))
            .racer(PIZZA, "luigis", (service, in) -> service.luigis((String) in.result(ADDRESS)))
            .racer(PIZZA, "marios", (service, in) -> service.marios((String) in.result(ADDRESS)))
            .racer(PIZZA, "napoli", after().timeout(800, TimeUnit.MILLISECONDS),
                    (service, in) -> service.napoli((String) in.result(ADDRESS)))
            // race tip: racers start 2 s apart in source order while it is undecided, the next at once when every racer started so far has failed; the first racer to return wins, failures are waited out; then the others are interrupted
            .race("tip", Wins.FIRST_TO_SUCCEED, after().hedge(2, TimeUnit.SECONDS).tolerated())
            .racer(TIP, "replicaA", (service, in) -> service.replicaA())
            .racer(TIP, "replicaB", (service, in) -> service.replicaB())
            // race drinks: the first racer to return or throw decides; then the others are interrupted
            .race("drinks", Wins.FIRST_TO_SETTLE, after())
            .racer(DRINKS, "fridge", (service, in) -> {
                service.fridge();
                return null;
            })
            .racer(DRINKS, "corner", (service, in) -> {
                service.corner();
                return null;
            })
            .step("dinner", after(PIZZA, TIP, DRINKS),
                    (service, in) -> service.dinner((String) in.result(PIZZA),
                            (Outcome<Integer>) in.outcome(TIP)))
            .build(in -> new Result(
                    (String) in.result(ADDRESS),
                    (String) in.result(PIZZA),
                    (Outcome<Integer>) in.result(TIP),
                    (String) in.result(DINNER)));

    private final HedgedService service;

    private final RunOptions options;

    /**
     * Runs the steps of {@code service}, each on a virtual thread of its own.
     */
    public HedgedServiceOrchestrator(HedgedService service) {
        this(service, RunOptions.defaults());
    }

    /**
     * Runs the steps of {@code service} on {@code executor}, which it never shuts down.
     */
    public HedgedServiceOrchestrator(HedgedService service, Executor executor) {
        this(service, RunOptions.of(executor));
    }

    /**
     * Runs the steps of {@code service} as {@code options} say.
     */
    public HedgedServiceOrchestrator(HedgedService service, RunOptions options) {
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
    public static Workflow<HedgedService, Result> workflow() {
        return WORKFLOW;
    }

    /**
     * What a run produced: one component per step or race that returns a value, in source order.
     *
     * @param address the result of step {@code address}
     * @param pizza the result of the racer that won race {@code pizza}
     * @param tip the outcome of race {@code tip}, which is tolerated: the result of the racer that won, or the failure
     * @param dinner the result of step {@code dinner}
     */
    public record Result(String address, String pizza, Outcome<Integer> tip, String dinner) {
    }
}
