package com.acme;

import dev.errands.Parallel;
import dev.errands.Sequential;
import dev.errands.Timeout;
import java.util.List;
import java.util.concurrent.CompletableFuture;

class ProfileService {
    record User(long id, String name) {}
    record Post(String title) {}
    record Page(User user, List<Post> posts, String weather) {}

    @Sequential
    User user(long userId) {
        return new User(userId, "Ada");
    }

    @Sequential(after = "user")
    @Timeout(2)
    List<Post> posts(User user) {
        return List.of(new Post("Hello"));
    }

    @Parallel
    CompletableFuture<String> weather(String city) {
        return CompletableFuture.completedFuture("sunny in " + city);
    }

    @Sequential(after = {"user", "posts", "weather"})
    Page page(User user, List<Post> posts, String weather) {
        return new Page(user, posts, weather);
    }

    @Sequential(after = "page")
    void audit(Page page, long userId) {}
}
