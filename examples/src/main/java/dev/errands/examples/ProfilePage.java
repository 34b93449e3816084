package dev.errands.examples;

import dev.errands.Race;
import dev.errands.Sequential;
import dev.errands.Timeout;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A profile page, which mixes the three: the user first; then their posts and their albums at the
 * same time (the albums without holding a thread, through {@code sendAsync}); their avatar from
 * whichever of three mirrors answers first; then the page, from all of it.
 */
@Timeout(5)
public class ProfilePage {
    public record User(long id, String name) {}

    public record Page(User user, List<String> posts, List<String> albums, String avatar) {}

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
        return List.of(town.visit("posts", "by/" + user.id()).split(","));
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

    @Sequential(after = {"user", "posts", "albums", "avatar"})
    Page page(User user, List<String> posts, List<String> albums, String avatar) {
        return new Page(user, posts, albums, avatar);
    }
}
