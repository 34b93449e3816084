package dev.errands.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The test application: a controller, a service, and the starter on the class path. */
@SpringBootApplication
public class ProfileApplication {}
