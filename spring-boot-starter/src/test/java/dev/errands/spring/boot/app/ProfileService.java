package dev.errands.spring.boot.app;

import dev.errands.Parallel;
import dev.errands.Sequential;
import java.util.List;
import org.springframework.stereotype.Service;

/** A service class as a Spring user writes one: a bean, its steps annotated. */
@Service
public class ProfileService {

  @Parallel
  String user(long userId) {
    return "user-" + userId;
  }

  @Sequential(after = "user")
  List<String> posts(String user) {
    return List.of(user + ": hello", user + ": world");
  }

  @Sequential(after = {"user", "posts"})
  String page(String user, List<String> posts) {
    return user + " " + posts.size() + " posts";
  }
}
