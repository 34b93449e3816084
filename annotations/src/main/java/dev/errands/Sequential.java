package dev.errands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step that starts once every step or race named in {@link #after()} has succeeded, like an
 * {@code await} on each of them: you go to the grocery store only after the post office.
 *
 * <p>A parameter whose name is an entry of {@code after} receives that step's (or race's) result;
 * its type must be able to hold it. Every other parameter is a workflow input.
 *
 * <pre>{@code
 * @Sequential                         User user(long userId) { ... }   // first link of the chain
 * @Sequential(after = "user")         List<Post> posts(User user) { ... }
 * @Sequential(after = {"posts", "user"})
 * Page page(User user, List<Post> posts) { ... }
 * }</pre>
 *
 * <p>Steps that wait for the same entries start together: a chain only runs one step at a time
 * where each step really needs the one before. A name in {@code after} that names no step, a
 * cycle, or a racer (name its race instead) is a compile error on that entry.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Sequential {

  /**
   * The steps and races that must succeed before this step starts, by name. Empty (the default):
   * the step starts at once, as the first link of a chain.
   */
  String[] after() default {};
}
