package org.odeon.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.odeon.parareal.CostModel;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.PararealMeasurement;
import org.odeon.parareal.PararealProblem;

/**
 * Parareal with its fine solves on Spark against the sequential fine solve, in one driver:
 * {@code SparkPararealBenchmark PROBLEM [MASTER] [ROUNDS]} (default {@code fisher-kpp local[2] 3}). Sequential and
 * Parareal runs alternate after one untimed round of each, so that load from other processes hits both alike;
 * medians are reported. Then Spark's measured per-task overhead {@code o} enters the {@link CostModel} with the
 * measured {@code c_F} (sequential time per interval) and {@code c_G}: the modelled speed-up on the workers used, the
 * break-even fine cost for this schedule on them, and the projected speed-ups on {@link PararealMeasurement#PROJECTED_WORKERS} workers.
 */
public final class SparkPararealBenchmark {
    private SparkPararealBenchmark() {}

    /** What one benchmark measured. */
    public record Figures(String problem, String master, int workers, int intervals, int iterations, int[] firstActive, int fineSolves,
                          double error, double sequentialSeconds, double pararealSeconds, double fineCost, double coarseCost,
                          double taskOverhead, double breakEven, double modelled, double[] projected) {
        public double speedup() { return sequentialSeconds / pararealSeconds; }

        public String markdown() {
            var s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d %s | %d | %.1e | %.3f | %.3f | **%.2f** | %.2f | %.1f | %.2f | %.1f | %s |",
                    problem, master, workers, intervals, iterations, Arrays.toString(firstActive), fineSolves, error, sequentialSeconds,
                    pararealSeconds, speedup(), modelled, fineCost * 1e3, coarseCost * 1e3, taskOverhead * 1e3,
                    Double.isInfinite(breakEven) ? "∞" : String.format(Locale.ROOT, "%.1f", breakEven * 1e3)));
            for (double p : projected) s.append(String.format(Locale.ROOT, " %.2f |", p));
            return s.toString();
        }

        public static String header() {
            var h = new StringBuilder("| problem | master | P | N | K [first active] | fine solves | error vs F | sequential s | Parareal s | speed-up | model S(P) | c_F ms | c_G ms | o ms | break-even c_F ms |");
            var line = new StringBuilder("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int p : PararealMeasurement.PROJECTED_WORKERS) {
                h.append(" S(").append(p).append(") |");
                line.append("---|");
            }
            return h + "\n" + line;
        }
    }

    /** Measures {@code problem} on {@code spark} with {@code workers} concurrent fine solves. */
    public static Figures measure(JavaSparkContext spark, String master, String problem, int workers, int rounds) {
        var p = PararealProblem.named(problem);
        double T = p.horizon();
        int N = p.intervals();
        var fine = p.fine().copy();
        List<Double> seq = new ArrayList<>(), par = new ArrayList<>(), coarse = new ArrayList<>();
        double[][] reference = null;
        Parareal.Result result = null;
        try (var executor = new SparkFineExecutor(spark, () -> PararealProblem.named(problem).fine(), workers)) {
            for (int r = -1; r < rounds; r++) {
                long s = System.nanoTime();
                reference = Parareal.sequential(fine, 0, p.initialState(), T, N);
                double sequential = (System.nanoTime() - s) * 1e-9;
                result = new Parareal(p.classical().copy(), executor, N, p.tolerance(), Math.min(N, PararealMeasurement.MAX_ITERATIONS))
                        .solve(0, p.initialState(), T);
                if (r < 0) continue;   // warm-up: the JIT, and the executors' first tasks
                seq.add(sequential);
                par.add(result.wallNanos() * 1e-9);
                coarse.add(result.coarseNanos() * 1e-9 / result.coarseSolves());
            }
        }
        double error = 0;
        for (int n = 0; n <= N; n++) error = Math.max(error, Parareal.maxDistance(reference[n], result.solution()[n]));
        double overhead = SparkFineExecutor.taskOverhead(spark, workers, 4 * workers, 5);
        double cF = median(seq) / N, cG = median(coarse);
        var model = new CostModel(cF, cG, overhead);
        double[] projected = new double[PararealMeasurement.PROJECTED_WORKERS.length];
        for (int i = 0; i < projected.length; i++) projected[i] = model.speedup(N, result.firstActive(), PararealMeasurement.PROJECTED_WORKERS[i]);
        return new Figures(problem, master, workers, N, result.iterations(), result.firstActive(), result.fineSolves(), error, median(seq),
                median(par), cF, cG, overhead, model.breakEvenFineCost(N, result.firstActive(), workers), model.speedup(N, result.firstActive(), workers),
                projected);
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) {
        String problem = args.length > 0 ? args[0] : "fisher-kpp", master = args.length > 1 ? args[1] : "local[2]";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SparkLauncher.check(master);
        var conf = new SparkConf().setMaster(master).setAppName("odeon-parareal").set("spark.ui.enabled", "false");
        try (var spark = new JavaSparkContext(conf)) {
            int workers = spark.defaultParallelism();
            System.out.println(Figures.header());
            System.out.println(measure(spark, master, problem, workers, rounds).markdown());
        }
    }
}
