package org.odeon.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odeon.parareal.LocalExecutor;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.PararealProblem;

class SparkFineExecutorTest {

    /** Parareal on {@code problem} with its classical coarse propagator, the fine solves on {@code spark}. */
    static Parareal.Result onSpark(JavaSparkContext spark, String problem) {
        var p = PararealProblem.named(problem);
        try (var fine = new SparkFineExecutor(spark, () -> PararealProblem.named(problem).fine(), 2)) {
            return new Parareal(p.classical(), fine, p.intervals(), p.tolerance(), p.intervals()).solve(0, p.initialState(), p.horizon());
        }
    }

    static Parareal.Result onThreads(String problem) {
        var p = PararealProblem.named(problem);
        try (var fine = new LocalExecutor(p.fine(), 2)) {
            return new Parareal(p.classical(), fine, p.intervals(), p.tolerance(), p.intervals()).solve(0, p.initialState(), p.horizon());
        }
    }

    /** Every iterate, every interval, every component: the same doubles. */
    static void assertSameIterates(Parareal.Result expected, Parareal.Result actual) {
        assertArrayEquals(expected.firstActive(), actual.firstActive());
        assertArrayEquals(expected.changes(), actual.changes());
        assertEquals(expected.iterates().size(), actual.iterates().size());
        for (int k = 0; k < expected.iterates().size(); k++)
            for (int n = 0; n < expected.iterates().get(k).length; n++)
                assertArrayEquals(expected.iterates().get(k)[n], actual.iterates().get(k)[n], 0.0, "iterate " + k + ", start value " + n);
        assertEquals(expected.fineSolves(), actual.fineSolves());
    }

    @Test void onLocal2PararealGivesTheIteratesOfTheLocalExecutorBitForBit() {
        try (var spark = SparkLauncherTest.local2()) {
            for (String problem : List.of("sir", "burgers-sin")) {
                var threads = onThreads(problem);
                var result = onSpark(spark, problem);
                if (problem.startsWith("burgers")) assertEquals(4, result.iterations(), "Burgers iterates: K = 4");
                assertSameIterates(threads, result);
            }
            double overhead = SparkFineExecutor.taskOverhead(spark, 2, 16, 5);
            assertTrue(overhead > 0 && overhead < 1, "a task costs " + overhead + " s");
        }
    }

    /**
     * The expensive problem (a fine solve costs 500 RK4 steps of 4096 unknowns): on Spark the same iterates as on
     * threads, two iterations, and a schedule whose work two workers share in less time than one worker needs for
     * the sequential solve, by the cost model at the problem's step-count ratio {@code c_G/c_F = 10/500}. (The
     * measured wall-clock speed-up is {@link SparkPararealBenchmark}'s, not a test's: it depends on the load.)
     */
    @Tag("slow")
    @Test void theExpensiveProblemIteratesTwiceReSolvingOnlyItsLaterIntervals() {
        var p = PararealProblem.named("fisher-kpp");
        try (var spark = SparkLauncherTest.local2()) {
            var result = onSpark(spark, "fisher-kpp");
            assertSameIterates(onThreads("fisher-kpp"), result);
            assertTrue(result.converged());
            assertEquals(2, result.iterations(), "K");
            assertTrue(result.firstActive()[1] >= p.intervals() / 3, "the first iteration fixed a third of the start values or more: "
                    + java.util.Arrays.toString(result.firstActive()));
            double s2 = new org.odeon.parareal.CostModel(1, 10.0 / 500).speedup(p.intervals(), result.firstActive(), 2);
            assertTrue(s2 > 1.2, "projected speed-up on 2 workers " + s2);
        }
    }

    @Tag("slow")
    @Test void theBenchmarkReportsTheScheduleTheOverheadAndTheModel() {
        try (var spark = SparkLauncherTest.local2()) {
            var f = SparkPararealBenchmark.measure(spark, "local[2]", "burgers-sin", 2, 1);
            assertEquals(4, f.iterations());
            assertTrue(f.error() > 0 && f.error() < PararealProblem.named("burgers-sin").tolerance(), "error against F within the tolerance: " + f.error());
            assertTrue(f.taskOverhead() > 0 && f.fineCost() > 0 && f.coarseCost() > 0);
            // the modelled speed-up on 2 workers is below 1 exactly when the fine cost is below the break-even cost
            assertEquals(f.modelled() > 1, f.fineCost() > f.breakEven(), f.markdown());
            assertEquals(3, f.projected().length);
            assertTrue(f.markdown().startsWith("| burgers-sin | local[2] | 2 | 50 | 4 [0, 1, 2, 6] | 191 |"), f.markdown());
        }
    }

    @Test void aFailingFineSolveFailsItsResultInsteadOfHanging() {
        try (var spark = SparkLauncherTest.local2()) {
            var executor = new SparkFineExecutor(spark, () -> { throw new IllegalStateException("no propagator here"); }, 2);
            var r = executor.propagate(List.of(new org.odeon.parareal.FineExecutor.Job(0, new double[] {1}, 1)));
            var e = assertThrows(java.util.concurrent.CompletionException.class, () -> r.getFirst().join());
            assertTrue(String.valueOf(e.getCause().getMessage()).contains("no propagator here"), String.valueOf(e.getCause()));
        }
    }
}
