package com.acme;

import static dev.errands.runtime.StepOptions.after;

import dev.errands.runtime.Outcome;
import dev.errands.runtime.RunOptions;
import dev.errands.runtime.Wins;
import dev.errands.runtime.Workflow;
import dev.errands.runtime.WorkflowFailedException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.Generated;

/**
 * Runs the steps of {@link BeyondService}, each as soon as what it waits for has succeeded (or, where it is tolerated, settled).
 *
 * <ul>
 *   <li>{@code user}: starts at once; tried up to 4 times, pausing 100 ms, then 2.0 times longer each time, on {@code IOException}
 *   <li>{@code posts}: starts after {@code user}
 *   <li>{@code comments}: starts after {@code posts}; runs once per element of {@code posts}
 *   <li>race {@code avatar}, won by the first racer to return: {@code gravatar} (tried up to 2 times), {@code initials}; starts after {@code user}; tolerated: its failure does not fail the run
 *   <li>{@code thumbnails}: starts at once; runs once per element of input {@code imageUrls} (at most 8 at a time); returns a {@code CompletionStage}; fails when it runs longer than 2 s
 *   <li>{@code tips}: starts at once; tolerated: its failure does not fail the run
 *   <li>{@code page}: starts after {@code user}, {@code comments} and {@code thumbnails}, and once {@code avatar} and {@code tips} have settled
 *   <li>{@code audit}: starts after {@code page}, and once {@code tips} has settled
 * </ul>
 *
 * <p>When a step that is not tolerated fails, the others are interrupted and the run throws {@link WorkflowFailedException}.
 *
 * <pre class="mermaid">{@code
 * flowchart LR
 *     input_userId[/"userId"/]
 *     input_imageUrls[/"imageUrls"/]
 *     step_user["user, up to 4 attempts"]
 *     step_posts["posts"]
 *     step_comments[["comments: for each of posts"]]
 *     subgraph race_avatar ["race avatar: first to succeed, tolerated"]
 *         step_gravatar["gravatar, up to 2 attempts"]
 *         step_initials["initials"]
 *     end
 *     step_thumbnails[["thumbnails (async): for each of imageUrls, limit 8, timeout 2 s"]]
 *     step_tips["tips, tolerated"]
 *     step_page["page"]
 *     step_audit["audit"]
 *     input_userId --> step_user
 *     step_user --> step_posts
 *     step_posts --> step_comments
 *     step_user --> race_avatar
 *     input_imageUrls --> step_thumbnails
 *     input_userId --> step_tips
 *     step_user --> step_page
 *     step_comments --> step_page
 *     race_avatar -.->|settled| step_page
 *     step_thumbnails --> step_page
 *     step_tips -.->|settled| step_page
 *     step_page --> step_audit
 *     step_tips -.->|settled| step_audit
 * }</pre>
 */
@Generated("dev.errands.processor.ErrandsProcessor")
public final class BeyondServiceOrchestrator {
    private static final int USER = 0;

    private static final int POSTS = 1;

    private static final int COMMENTS = 2;

    private static final int AVATAR = 3;

    private static final int THUMBNAILS = 4;

    private static final int TIPS = 5;

    private static final int PAGE = 6;

    private static final int AUDIT = 7;

    private static final int USER_ID = 0;

    private static final int IMAGE_URLS = 1;

    /**
     * The workflow: each step, what it waits for, and how its method is called.
     */
    @SuppressWarnings("unchecked")
    private static final Workflow<BeyondService, Result> WORKFLOW = Workflow.<BeyondService>builder("com.acme.BeyondService", "userId", "imageUrls")
            // the types of the inputs, then of the steps and racers, in source order
            .types("long", "java.util.List<java.lang.String>", "com.acme.BeyondService.User",
                    "java.util.List<com.acme.BeyondService.Post>",
                    "java.util.List<java.util.List<com.acme.BeyondService.Comment>>",
                    "java.lang.String", "java.lang.String",
                    "java.util.List<com.acme.BeyondService.Thumbnail>",
                    "java.util.List<java.lang.String>", "com.acme.BeyondService.Page", "void")
            // what each step's parameters take (inputs, then results): a step run on Temporal is sent only these
            .takes("user", new int[] {USER_ID}, new int[] {})
            .takes("posts", new int[] {}, new int[] {USER})
            .takes("comments", new int[] {}, new int[] {})
            .takes("gravatar", new int[] {}, new int[] {USER})
            .takes("initials", new int[] {}, new int[] {USER})
            .takes("thumbnails", new int[] {}, new int[] {})
            .takes("tips", new int[] {USER_ID}, new int[] {})
            .takes("page", new int[] {}, new int[] {USER, COMMENTS, AVATAR, THUMBNAILS, TIPS})
            .takes("audit", new int[] {}, new int[] {PAGE})
            .step("user", after().retry(4, 100, TimeUnit.MILLISECONDS, 2.0, IOException.class),
                    (service, in) -> service.user((long) in.input(USER_ID), in.context()))
            .step("posts", after(USER),
                    (service, in) -> service.posts((BeyondService.User) in.result(USER)))
            .step("comments", after(POSTS).eachOf(POSTS),
                    (service, in) -> service.comments((BeyondService.Post) in.element()))
            // race avatar: the first racer to return wins, failures are waited out; then the others are interrupted
            .race("avatar", Wins.FIRST_TO_SUCCEED, after(USER).tolerated())
            .racer(AVATAR, "gravatar", after().retry(2, 0, TimeUnit.MILLISECONDS, 1.0, Exception.class),
                    (service, in) -> service.gravatar((BeyondService.User) in.result(USER)))
            .racer(AVATAR, "initials",
                    (service, in) -> service.initials((BeyondService.User) in.result(USER)))
            .step("thumbnails", after().eachOfInput(IMAGE_URLS).limit(8)
                    .timeout(2, TimeUnit.SECONDS).async(),
                    (service, in) -> service.thumbnails((String) in.element()))
            .step("tips", after().tolerated(),
                    (service, in) -> service.tips((long) in.input(USER_ID)))
            .step("page", after(USER, COMMENTS, AVATAR, THUMBNAILS, TIPS),
                    (service, in) -> service.page((BeyondService.User) in.result(USER),
                            (List<List<BeyondService.Comment>>) in.result(COMMENTS),
                            (Outcome<String>) in.outcome(AVATAR),
                            (List<BeyondService.Thumbnail>) in.result(THUMBNAILS),
                            (Outcome<List<String>>) in.outcome(TIPS), in.context()))
            .step("audit", after(PAGE, TIPS), (service, in) -> {
                service.audit((BeyondService.Page) in.result(PAGE));
                return null;
            })
            .build(in -> new Result(
                    (BeyondService.User) in.result(USER),
                    (List<BeyondService.Post>) in.result(POSTS),
                    (List<List<BeyondService.Comment>>) in.result(COMMENTS),
                    (Outcome<String>) in.result(AVATAR),
                    (List<BeyondService.Thumbnail>) in.result(THUMBNAILS),
                    (Outcome<List<String>>) in.result(TIPS),
                    (BeyondService.Page) in.result(PAGE)));

    private final BeyondService service;

    private final RunOptions options;

    /**
     * Runs the steps of {@code service}, each on a virtual thread of its own.
     */
    public BeyondServiceOrchestrator(BeyondService service) {
        this(service, RunOptions.defaults());
    }

    /**
     * Runs the steps of {@code service} on {@code executor}, which it never shuts down.
     */
    public BeyondServiceOrchestrator(BeyondService service, Executor executor) {
        this(service, RunOptions.of(executor));
    }

    /**
     * Runs the steps of {@code service} as {@code options} say.
     */
    public BeyondServiceOrchestrator(BeyondService service, RunOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the workflow and waits until every step it started has ended.
     *
     * @param userId input of {@code user} and {@code tips}
     * @param imageUrls input of {@code thumbnails} (once per element)
     * @return what the steps returned
     * @throws WorkflowFailedException when a step fails: {@code step()} names it, {@code getCause()} is what it threw;
     *     the other steps were interrupted and have ended
     * @throws InterruptedException when the calling thread is interrupted; the running steps were
     *     interrupted and have ended
     */
    public Result run(long userId, List<String> imageUrls) throws InterruptedException {
        return WORKFLOW.run(service, options, userId, imageUrls);
    }

    /**
     * Starts the workflow and returns at once.
     *
     * @param userId input of {@code user} and {@code tips}
     * @param imageUrls input of {@code thumbnails} (once per element)
     * @return completes once every step the run started has ended: with what the steps returned,
     *     or exceptionally with a {@link WorkflowFailedException}; cancelling it interrupts the running steps
     */
    public CompletableFuture<Result> runAsync(long userId, List<String> imageUrls) {
        return WORKFLOW.runAsync(service, options, userId, imageUrls);
    }

    /**
     * The declaration this orchestrator runs, for engines other than the in-process one: {@code
     * errands-temporal} runs the same workflow, durably, on Temporal.
     */
    public static Workflow<BeyondService, Result> workflow() {
        return WORKFLOW;
    }

    /**
     * What a run produced: one component per step or race that returns a value, in source order.
     *
     * @param user the result of step {@code user}
     * @param posts the result of step {@code posts}
     * @param comments the results of step {@code comments}, one per element of {@code posts} in their order
     * @param avatar the outcome of race {@code avatar}, which is tolerated: the result of the racer that won, or the failure
     * @param thumbnails the results of step {@code thumbnails}, one per element of {@code imageUrls} in their order
     * @param tips the outcome of step {@code tips}, which is tolerated: its result, or the failure
     * @param page the result of step {@code page}
     */
    public record Result(BeyondService.User user, List<BeyondService.Post> posts,
            List<List<BeyondService.Comment>> comments, Outcome<String> avatar,
            List<BeyondService.Thumbnail> thumbnails, Outcome<List<String>> tips,
            BeyondService.Page page) {
    }
}
