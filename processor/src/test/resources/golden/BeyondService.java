package com.acme;

import dev.errands.Each;
import dev.errands.Parallel;
import dev.errands.Race;
import dev.errands.Retry;
import dev.errands.Sequential;
import dev.errands.Timeout;
import dev.errands.runtime.Outcome;
import dev.errands.runtime.StepContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

class BeyondService {
    record User(long id, String name) {}
    record Post(String title) {}
    record Comment(String text) {}
    record Thumbnail(String url) {}
    record Page(User user, List<List<Comment>> comments, String avatar, List<Thumbnail> thumbnails, List<String> tips) {}

    @Sequential
    @Retry(attempts = 4, delay = 100, unit = TimeUnit.MILLISECONDS, multiplier = 2.0, on = IOException.class)
    User user(long userId, StepContext context) throws IOException {
        return new User(userId, "Ada (attempt " + context.attempt() + ")");
    }

    @Sequential(after = "user")
    List<Post> posts(User user) {
        return List.of(new Post("Hello"), new Post("Again"));
    }

    @Sequential(after = "posts")
    List<Comment> comments(@Each Post posts) {
        return List.of(new Comment("on " + posts.title()));
    }

    @Race(value = "avatar", after = "user", wins = Race.Wins.FIRST_TO_SUCCEED)
    @Retry(attempts = 2)
    String gravatar(User user) {
        return "gravatar of " + user.name();
    }

    @Race(value = "avatar", after = "user", wins = Race.Wins.FIRST_TO_SUCCEED)
    String initials(User user) {
        return user.name().substring(0, 1);
    }

    @Parallel
    @Timeout(2)
    CompletableFuture<Thumbnail> thumbnails(@Each(limit = 8) String imageUrls) {
        return CompletableFuture.completedFuture(new Thumbnail(imageUrls + "?small"));
    }

    @Parallel
    List<String> tips(long userId) {
        return List.of("drink water");
    }

    @Sequential(after = {"user", "comments", "avatar", "thumbnails", "tips"})
    Page page(User user, List<List<Comment>> comments, Outcome<String> avatar,
              List<Thumbnail> thumbnails, Outcome<List<String>> tips, StepContext context) {
        return new Page(user, comments, avatar.orElse("?"), thumbnails, tips.orElse(List.of()));
    }

    @Sequential(after = {"page", "tips"})
    void audit(Page page) {}
}
