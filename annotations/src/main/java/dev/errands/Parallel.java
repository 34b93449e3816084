package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step that starts as soon as the run starts, at the same time as every other such step, like
 * the promises handed to {@code Promise.all}: three friends sent to three errands at once.
 *
 * <p>Every step must succeed for the run to succeed. When one throws, the run fails: the steps
 * still running are interrupted, the steps not started never start, and {@code run} throws {@code
 * dev.errands.runtime.WorkflowFailedException} naming this step, with exactly what it threw as
 * its cause.
 *
 * <p>Each parameter of a parallel step is a workflow input: an argument of the orchestrator's
 * {@code run}. A step that needs the result of another step is {@link Sequential} instead.
 *
 * <pre>{@code
 * @Parallel String postOffice(String parcel) { ... }
 * @Parallel Groceries groceries(List<String> list) { ... }
 * @Parallel Suit dryCleaner(String ticket) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Parallel {}
