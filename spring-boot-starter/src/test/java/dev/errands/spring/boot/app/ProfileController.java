package dev.errands.spring.boot.app;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Runs the workflow for each request, with the orchestrator injected by type. */
@RestController
public class ProfileController {
  private final ProfileServiceOrchestrator profiles;

  public ProfileController(ProfileServiceOrchestrator profiles) {
    this.profiles = profiles;
  }

  @GetMapping("/profile/{id}")
  public String profile(@PathVariable("id") long id) throws InterruptedException {
    return profiles.run(id).page();
  }
}
