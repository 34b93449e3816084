package dev.errands.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.errands.processor.Sources.assertErrorCount;
import static dev.errands.processor.Sources.assertNoOrchestrator;
import static dev.errands.processor.Sources.compile;
import static dev.errands.processor.Sources.service;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about {@code @Each} parameters. Each parameter sits on a line of its own, so that the
 * tests see the error on the parameter, not on its method.
 */
class EachDiagnosticsTest {

  @Test
  @Covers(Message.EACH_NOT_ITERABLE)
  void eachOverAResultThatIsNotIterable() {
    JavaFileObject source = service("Blog", """
        class Blog {
            record Post(String title) {}

            @Parallel Post[] posts() { return new Post[0]; }

            @Sequential(after = "posts")
            String comments(
                @Each Post posts) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'posts' of step 'comments' is @Each, so it needs a collection, but step"
            + " 'posts' produces com.acme.Blog.Post[], which is not an Iterable. Make it return an"
            + " Iterable<com.acme.Blog.Post> (a List, a Set, ...), or remove @Each to receive it whole.")
        .inFile(source)
        .onLineContaining("@Each Post posts)");
    assertErrorCount(compilation, 1);
    assertNoOrchestrator(compilation, "BlogOrchestrator");
  }

  @Test
  @Covers(Message.EACH_ELEMENT_TYPE)
  void eachWhoseTypeCannotHoldTheElements() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Race("ids") List<Long> fast() { return List.of(); }
            @Race("ids") List<Long> cheap() { return List.of(); }

            @Sequential(after = "ids")
            String comments(
                @Each int ids) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'ids' of step 'comments' is @Each, so it receives the elements of race"
            + " 'ids', but its type int cannot hold them (java.util.List<java.lang.Long> holds java.lang.Long)."
            + " Declare the parameter as java.lang.Long or a supertype.")
        .inFile(source)
        .onLineContaining("@Each int ids)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.PARAMETER_VOID)
  void eachOverAVoidStep() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Parallel void posts() {}

            @Sequential(after = "posts")
            String comments(
                @Each String posts) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'posts' of step 'comments' receives the result of 'posts', but 'posts'"
            + " returns nothing.")
        .inFile(source)
        .onLineContaining("@Each String posts)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.EACH_TWICE)
  void eachOnTwoParameters() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Parallel
            String comments(@Each String posts,
                @Each String users) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Step 'comments' has @Each on parameter 'users' and on 'posts' before it; a step runs"
            + " once per element of one collection. Keep @Each on one of them.")
        .inFile(source)
        .onLineContaining("@Each String users)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.EACH_ON_RACER)
  void eachOnARacer() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Race("title") String fast(
                @Each String posts) { return "a"; }
            @Race("title") String cheap(String posts) { return "b"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'posts' of racer 'fast' is @Each, but a racer runs once, as its race takes"
            + " one result. Make 'fast' a @Sequential step to run it once per element, or remove @Each.")
        .inFile(source)
        .onLineContaining("@Each String posts)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.EACH_ON_CONTEXT)
  void eachOnAStepContext() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Parallel
            String comments(
                @Each dev.errands.runtime.StepContext context) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'context' of step 'comments' is the step's StepContext, not a collection to"
            + " run over. Remove @Each.")
        .inFile(source)
        .onLineContaining("StepContext context)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.EACH_LIMIT_NEGATIVE)
  void eachWithANegativeLimit() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Parallel
            String comments(@Each(
                limit = -1) String posts) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Each on parameter 'posts' of step 'comments' has limit = -1. Give the most elements"
            + " to run at once, or 0 (the default) for no limit.")
        .inFile(source)
        .onLineContaining("limit = -1");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.EACH_NOT_ON_STEP)
  void eachOnAMethodThatIsNotAStep() {
    JavaFileObject source = service("Blog", """
        class Blog {
            Blog(
                @Each List<String> names) {}

            @Parallel String title() { return "t"; }

            String helper(
                @Each String posts) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Each on parameter 'posts' of method 'helper' has no effect: 'helper' is not a step."
            + " Annotate the method with @Parallel or @Sequential, or remove @Each.")
        .inFile(source)
        .onLineContaining("@Each String posts)");
    assertThat(compilation)
        .hadErrorContaining("@Each on parameter 'names' of the constructor of Blog has no effect: a constructor is"
            + " not a step.")
        .inFile(source)
        .onLineContaining("@Each List<String> names)");
    assertErrorCount(compilation, 2);
  }

  /** A class with no step at all is still looked at for its @Each. */
  @Test
  @Covers(Message.EACH_NOT_ON_STEP)
  void eachInAClassWithoutSteps() {
    JavaFileObject source = service("Blog", """
        class Blog {
            String helper(
                @Each String posts) { return "none"; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("@Each on parameter 'posts' of method 'helper' has no effect")
        .inFile(source)
        .onLineContaining("@Each String posts)");
    assertErrorCount(compilation, 1);
  }

  @Test
  @Covers(Message.INPUT_TYPES_DIFFER)
  void eachInputUsedElsewhereWithAnotherType() {
    JavaFileObject source = service("Gallery", """
        class Gallery {
            @Parallel
            String thumbnail(@Each String images) { return images; }

            @Parallel
            int count(
                Set<String> images) { return images.size(); }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Workflow input 'images' has type java.util.Set<java.lang.String> here, but"
            + " java.util.List<java.lang.String> (a list, for @Each java.lang.String) in step 'thumbnail'.")
        .inFile(source)
        .onLineContaining("Set<String> images)");
    assertErrorCount(compilation, 1);
  }

  /** An input of an @Each parameter is a List: other steps may take the same List, or run over it too. */
  @Test
  void eachInputsThatAgree() {
    Compilation compilation = compile(service("Gallery", """
        class Gallery {
            @Parallel String thumbnail(@Each String images) { return images; }
            @Parallel int count(List<String> images) { return images.size(); }
            @Parallel int size(@Each(limit = 2) String images) { return images.length(); }
            @Parallel long total(@Each long amounts) { return amounts; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.GalleryOrchestrator").contentsAsUtf8String()
        .contains("public Result run(List<String> images, List<Long> amounts)");
    assertThat(compilation).generatedSourceFile("com.acme.GalleryOrchestrator").contentsAsUtf8String()
        .contains(".step(\"size\", after().eachOfInput(IMAGES).limit(2),");
    assertThat(compilation).generatedSourceFile("com.acme.GalleryOrchestrator").contentsAsUtf8String()
        .contains("service.total((long) in.element())");
  }

  /** Steps after an @Each step see the List of its results; a void @Each step stays void. */
  @Test
  void stepsAfterAnEachStepSeeAList() {
    JavaFileObject source = service("Blog", """
        class Blog {
            @Parallel List<String> posts() { return List.of(); }
            @Sequential(after = "posts") int length(@Each CharSequence posts) { return posts.length(); }
            @Sequential(after = "posts") void log(@Each String posts) {}

            @Sequential(after = "length")
            int total(List<Integer> length) { return 0; }

            @Sequential(after = "length")
            int wrong(
                int length) { return length; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("Parameter 'length' of step 'wrong' has type int, which cannot hold the result of"
            + " 'length' (java.util.List<java.lang.Integer>).")
        .inFile(source)
        .onLineContaining("int length)");
    assertErrorCount(compilation, 1);
  }
}
