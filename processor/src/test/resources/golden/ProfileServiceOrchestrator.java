package com.acme;

import static dev.errands.runtime.StepOptions.after;

import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.Generated;

/**
 * Runs the steps of {@link ProfileService}, each as soon as what it waits for has succeeded.
 *
 * <ul>
 *   <li>{@code user}: starts at once
 *   <li>{@code posts}: starts after {@code user}; fails when it runs longer than 2 s
 *   <li>{@code weather}: starts at once; returns a {@code CompletionStage}
 *   <li>{@code page}: starts after {@code user}, {@code posts} and {@code weather}
 *   <li>{@code audit}: starts after {@code page}
 * </ul>
 *
 * <p>When a step fails, the others are interrupted and the run throws {@link WorkflowFailedException}.
 *
 * <pre class="mermaid">{@code
 * flowchart LR
 *     input_userId[/"userId"/]
 *     input_city[/"city"/]
 *     step_user["user"]
 *     step_posts["posts, timeout 2 s"]
 *     step_weather["weather (async)"]
 *     step_page["page"]
 *     step_audit["audit"]
 *     input_userId --> step_user
 *     step_user --> step_posts
 *     input_city --> step_weather
 *     step_user --> step_page
 *     step_posts --> step_page
 *     step_weather --> step_page
 *     input_userId --> step_audit
 *     step_page --> step_audit
 * }</pre>
 */
@Generated("dev.errands.processor.ErrandsProcessor")
public final class ProfileServiceOrchestrator {
    private static final int USER = 0;

    private static final int POSTS = 1;

    private static final int WEATHER = 2;

    private static final int PAGE = 3;

    private static final int AUDIT = 4;

    private static final int USER_ID = 0;

    private static final int CITY = 1;

    /**
     * The workflow: each step, what it waits for, and how its method is called.
     */
    @SuppressWarnings("unchecked")
    private static final Workflow<ProfileService, Result> WORKFLOW = Workflow.<ProfileService>builder("com.acme.ProfileService", "userId", "city")
            // the types of the inputs, then of the steps and racers, in source order
            .types("long", "java.lang.String", "com.acme.ProfileService.User",
                    "java.util.List<com.acme.ProfileService.Post>", "java.lang.String",
                    "com.acme.ProfileService.Page", "void")
            // what each step's parameters take (inputs, then results): a step run on Temporal is sent only these
            .takes("user", new int[] {USER_ID}, new int[] {})
            .takes("posts", new int[] {}, new int[] {USER})
            .takes("weather", new int[] {CITY}, new int[] {})
            .takes("page", new int[] {}, new int[] {USER, POSTS, WEATHER})
            .takes("audit", new int[] {USER_ID}, new int[] {PAGE})
            .step("user", after(), (service, in) -> service.user((long) in.input(USER_ID)))
            .step("posts", after(USER).timeout(2, TimeUnit.SECONDS),
                    (service, in) -> service.posts((ProfileService.User) in.result(USER)))
            .step("weather", after().async(),
                    (service, in) -> service.weather((String) in.input(CITY)))
            .step("page", after(USER, POSTS, WEATHER),
                    (service, in) -> service.page((ProfileService.User) in.result(USER),
                            (List<ProfileService.Post>) in.result(POSTS),
                            (String) in.result(WEATHER)))
            .step("audit", after(PAGE), (service, in) -> {
                service.audit((ProfileService.Page) in.result(PAGE), (long) in.input(USER_ID));
                return null;
            })
            .build(in -> new Result(
                    (ProfileService.User) in.result(USER),
                    (List<ProfileService.Post>) in.result(POSTS),
                    (String) in.result(WEATHER),
                    (ProfileService.Page) in.result(PAGE)));

    private final ProfileService service;

    private final RunOptions options;

    /**
     * Runs the steps of {@code service}, each on a virtual thread of its own.
     */
    public ProfileServiceOrchestrator(ProfileService service) {
        this(service, RunOptions.defaults());
    }

    /**
     * Runs the steps of {@code service} on {@code executor}, which it never shuts down.
     */
    public ProfileServiceOrchestrator(ProfileService service, Executor executor) {
        this(service, RunOptions.of(executor));
    }

    /**
     * Runs the steps of {@code service} as {@code options} say.
     */
    public ProfileServiceOrchestrator(ProfileService service, RunOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the workflow and waits until every step it started has ended.
     *
     * @param userId input of {@code user} and {@code audit}
     * @param city input of {@code weather}
     * @return what the steps returned
     * @throws WorkflowFailedException when a step fails: {@code step()} names it, {@code getCause()} is what it threw;
     *     the other steps were interrupted and have ended
     * @throws InterruptedException when the calling thread is interrupted; the running steps were
     *     interrupted and have ended
     */
    public Result run(long userId, String city) throws InterruptedException {
        return WORKFLOW.run(service, options, userId, city);
    }

    /**
     * Starts the workflow and returns at once.
     *
     * @param userId input of {@code user} and {@code audit}
     * @param city input of {@code weather}
     * @return completes once every step the run started has ended: with what the steps returned,
     *     or exceptionally with a {@link WorkflowFailedException}; cancelling it interrupts the running steps
     */
    public CompletableFuture<Result> runAsync(long userId, String city) {
        return WORKFLOW.runAsync(service, options, userId, city);
    }

    /**
     * The declaration this orchestrator runs, for engines other than the in-process one: {@code
     * errands-temporal} runs the same workflow, durably, on Temporal.
     */
    public static Workflow<ProfileService, Result> workflow() {
        return WORKFLOW;
    }

    /**
     * What a run produced: one component per step or race that returns a value, in source order.
     *
     * @param user the result of step {@code user}
     * @param posts the result of step {@code posts}
     * @param weather the result of step {@code weather}
     * @param page the result of step {@code page}
     */
    public record Result(ProfileService.User user, List<ProfileService.Post> posts, String weather,
            ProfileService.Page page) {
    }
}
