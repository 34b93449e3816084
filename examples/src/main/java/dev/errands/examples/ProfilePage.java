package dev.errands.examples;

import dev.errands.Each;
import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.Timeout;
import dev.errands.runtime.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A profile page, which mixes the three: the user first; then their posts and their albums at the
 * same time (the albums without holding a thread, through {@code sendAsync}); the comments of every
 * post, two posts at a time; their avatar from whichever of three mirrors answers first; then the
 * page, from all of it. The albums are optional: when their service is down, the page is rendered
 * without them ({@code Outcome}), instead of failing.
 */
@Timeout(5)
public class ProfilePage {
    public record User(long id, String name) {}

    public record Page(User user, List<String> posts, List<String> comments, List<String> albums, String avatar) {}

    private final TownClient town;

    public ProfilePage(TownClient town) {
        this.town = town;
    }

    @Sequential
    User user(long userId) throws IOException, InterruptedException {
        return new User(userId, town.visit("users", String.valueOf(userId)));
    }

    @Sequential(after = "user")
    List<String> posts(User user) throws IOException, InterruptedException {
        return List.of(town.visit("posts", "by/" + user.id() + "?count=3").split(","));
    }

    /** Once per post, at most two at a time; the step's value is the list, in the posts' order. */
    @Sequential(after = "posts")
    String comments(@Each(limit = 2) String posts) throws IOException, InterruptedException {
        return town.visit("comments", "on/" + posts.substring(posts.indexOf(':') + 1));
    }

    @Sequential(after = "user")
    CompletableFuture<List<String>> albums(User user) {
        return town.visitAsync("albums", "by/" + user.id()).thenApply(body -> List.of(body.split(",")));
    }

    @Race(value = "avatar", after = "user", wins = Race.Wins.FIRST_TO_SUCCEED)
    String avatarFromEurope(User user) throws IOException, InterruptedException {
        return town.visit("mirror-eu", "avatar/" + user.id());
    }

    @Race(value = "avatar", after = "user", wins = Race.Wins.FIRST_TO_SUCCEED)
    String avatarFromAmerica(User user) throws IOException, InterruptedException {
        return town.visit("mirror-us", "avatar/" + user.id());
    }

    @Race(value = "avatar", after = "user", wins = Race.Wins.FIRST_TO_SUCCEED)
    String avatarFromAsia(User user) throws IOException, InterruptedException {
        return town.visit("mirror-asia", "avatar/" + user.id());
    }

    @Sequential(after = {"user", "posts", "comments", "albums", "avatar"})
    Page page(User user, List<String> posts, List<String> comments, Outcome<List<String>> albums, String avatar) {
        return new Page(user, posts, comments, albums.orElse(List.of()), avatar);
    }
}
