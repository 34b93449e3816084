package dev.errands.examples;

import java.time.Duration;

/**
 * The README's demo: the seed's errands, first sent out at once, then run one after another.
 *
 * <p>Run it with {@code mvn -q -B -Pdemo verify -DskipTests} from the repository's root.
 */
public final class Demo {
    private static final Duration POST_OFFICE = Duration.ofMillis(300);
    private static final Duration GROCERIES = Duration.ofMillis(500);
    private static final Duration DRY_CLEANER = Duration.ofMillis(200);

    private Demo() {}

    public static void main(String[] args) throws InterruptedException {
        long sum = POST_OFFICE.plus(GROCERIES).plus(DRY_CLEANER).toMillis();
        long longest = Math.max(POST_OFFICE.toMillis(), Math.max(GROCERIES.toMillis(), DRY_CLEANER.toMillis()));
        System.out.printf("Three errands: the post office (%d ms), the grocery store (%d ms), the dry cleaner (%d ms).%n%n",
                POST_OFFICE.toMillis(), GROCERIES.toMillis(), DRY_CLEANER.toMillis());

        var parallel = new ErrandsOrchestrator(new Errands(POST_OFFICE, GROCERIES, DRY_CLEANER));
        long start = System.nanoTime();
        ErrandsOrchestrator.Result atOnce = parallel.run("a parcel", "milk and bread", "42");
        long parallelMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("@Parallel: three friends run one errand each, at the same time.");
        System.out.println("  " + atOnce);
        System.out.printf("  took %d ms: about the longest errand (%d ms), not their sum (%d ms)%n%n",
                parallelMillis, longest, sum);

        var sequential = new ErrandsInSequenceOrchestrator(new ErrandsInSequence(POST_OFFICE, GROCERIES, DRY_CLEANER));
        start = System.nanoTime();
        ErrandsInSequenceOrchestrator.Result oneByOne = sequential.run("a parcel", "milk and bread", "42");
        long sequentialMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("@Sequential: you run them yourself, one after another.");
        System.out.println("  " + oneByOne.dryCleaner());
        System.out.printf("  took %d ms: about the sum of the errands (%d ms)%n%n", sequentialMillis, sum);

        System.out.println("The orchestrators the processor wrote for these classes are in");
        System.out.println("  examples/target/generated-sources/annotations/dev/errands/examples/");
    }
}
