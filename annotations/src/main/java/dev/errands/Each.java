package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a step once per element of a collection: the comments of every post, the thumbnail of every
 * image. On one parameter of a step, whose source — an {@code after} entry or a workflow input — is
 * an {@code Iterable} of the parameter's type.
 *
 * <pre>{@code
 * @Sequential(after = "posts")
 * Comments comments(@Each Post posts) { ... }          // once per post
 *
 * @Sequential(after = "images")
 * Thumbnail thumbnail(@Each(limit = 8) Image images) { ... }   // at most 8 at a time
 * }</pre>
 *
 * <p>The step's value is the {@code List} of the results, in the order of the elements; its {@code
 * Result} component and the steps that wait for it see that {@code List}. A workflow input feeding
 * an {@code @Each} parameter of type {@code P} is a {@code List<P>} in {@code run}.
 *
 * <p>One element's failure fails the step at once (the other elements are interrupted); the cause
 * is that element's own exception, with a suppressed exception on it that names the element's
 * 0-based index. {@link Retry} and {@link Timeout} on the step apply to each element. Not on
 * racers.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Each {

  /** How many elements run at the same time at most; 0 (the default) for no limit. */
  int limit() default 0;
}
