/**
 * The annotations of Errands: mark the methods of a service class as <em>steps</em>, and the
 * annotation processor writes an orchestrator that runs them.
 *
 * <p>Three ways to run several slow calls, told as errands:
 *
 * <ul>
 *   <li>{@link dev.errands.Parallel @Parallel}: three friends run three errands at once; you are
 *       done when the last one calls back ({@code Promise.all}).
 *   <li>{@link dev.errands.Sequential @Sequential}: you run them yourself, one after another,
 *       because each needs what the one before brought back (you need the user before you can
 *       fetch their posts).
 *   <li>{@link dev.errands.Race @Race}: three friends go to three pizza places; the first one back
 *       decides dinner and the others are called back ({@code Promise.race}).
 * </ul>
 *
 * <p>A step's name is its method name. A parameter named after an entry of the step's {@code
 * after} receives that step's result; every other parameter is a <em>workflow input</em>, passed
 * to the orchestrator's {@code run}.
 *
 * <pre>{@code
 * class ProfileService {
 *   @Sequential                        User user(long userId) { ... }
 *   @Sequential(after = "user")        List<Post> posts(User user) { ... }
 *   @Sequential(after = "user")        List<Album> albums(User user) { ... }
 *   @Sequential(after = {"posts", "albums"})
 *   Page page(List<Post> posts, List<Album> albums) { ... }
 * }
 *
 * ProfileServiceOrchestrator.Result r = new ProfileServiceOrchestrator(service).run(42L);
 * }</pre>
 */
package dev.errands;
