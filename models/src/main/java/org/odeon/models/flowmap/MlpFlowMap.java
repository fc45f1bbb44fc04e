package org.odeon.models.flowmap;

import org.odeon.autograd.Tensor;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.PararealProblem;
import org.odeon.parareal.Propagator;
import org.odeon.nn.Linear;
import org.odeon.nn.Losses;
import org.odeon.nn.Mlp;
import org.odeon.optim.Adam;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A trained flow map as coarse propagator (the comparison of the RPNN paper): for an autonomous
 * system and the fixed coarse step ΔT,
 * <pre>  G(y) = y + μ_Δ + σ_Δ ⊙ N((y − μ) / σ),   N = Linear ∘ tanh ∘ Linear ∘ tanh ∘ Linear,</pre>
 * an MLP fitted offline (mean-squared error, Adam, cosine learning rate) to fine-solver increments
 * {@code F(y) − y} over one coarse step. The training states are the classical coarse trajectory
 * perturbed by Gaussian noise of {@code spread} times each component's spread along it; the
 * standardisations {@code (μ, σ)}, {@code (μ_Δ, σ_Δ)} come from the same data. Training, data
 * included, is set-up cost that Parareal timing does not count. Inference runs on plain arrays.
 */
public final class MlpFlowMap implements Propagator {

    /**
     * @param hidden       width of both hidden layers
     * @param samples      number of (state, increment) training pairs, each one fine solve
     * @param steps        full-batch Adam steps
     * @param learningRate peak learning rate of the cosine schedule
     * @param spread       noise around the coarse trajectory, in units of each component's spread
     */
    public record Settings(int hidden, int samples, int steps, double learningRate, double spread, long seed) {
        public Settings {
            if (hidden < 1 || samples < 2 || steps < 1)
                throw new IllegalArgumentException("MLP training needs hidden, samples ≥ 2 and steps positive, got "
                        + hidden + ", " + samples + ", " + steps);
            if (!(learningRate > 0) || !(spread >= 0))
                throw new IllegalArgumentException("learning rate must be positive and spread non-negative, got " + learningRate + ", " + spread);
        }

        public static Settings defaults(long seed) { return new Settings(32, 800, 1500, 3e-3, 0.05, seed); }
    }

    private final double dt;
    private final int d, h;
    private final double[] mu, sigma, muOut, sigmaOut;
    private final double[][] w1, w2, w3;   // [out][in]
    private final double[] b1, b2, b3;
    private final double[] x, a1, a2;
    private final double trainingLoss;

    private MlpFlowMap(double dt, double[] mu, double[] sigma, double[] muOut, double[] sigmaOut,
                       double[][] w1, double[] b1, double[][] w2, double[] b2, double[][] w3, double[] b3, double loss) {
        this.dt = dt;
        this.d = mu.length;
        this.h = b1.length;
        this.mu = mu;
        this.sigma = sigma;
        this.muOut = muOut;
        this.sigmaOut = sigmaOut;
        this.w1 = w1; this.b1 = b1; this.w2 = w2; this.b2 = b2; this.w3 = w3; this.b3 = b3;
        this.trainingLoss = loss;
        x = new double[d];
        a1 = new double[h];
        a2 = new double[h];
    }

    /** Mean-squared error on the standardised training increments at the end of training. */
    public double trainingLoss() { return trainingLoss; }

    @Override public String name() { return "MLP(" + d + "-" + h + "-" + h + "-" + d + ")"; }

    /** Shares the (immutable) weights, with fresh scratch space. */
    @Override public Propagator copy() { return new MlpFlowMap(dt, mu, sigma, muOut, sigmaOut, w1, b1, w2, b2, w3, b3, trainingLoss); }

    @Override
    public void propagate(double t0, double[] y, double t1) {
        if (Math.abs((t1 - t0) - dt) > 1e-9 * dt)
            throw new IllegalArgumentException("MLP flow map was trained for steps of " + dt + ", asked for " + (t1 - t0));
        for (int i = 0; i < d; i++) x[i] = (y[i] - mu[i]) / sigma[i];
        layer(w1, b1, x, a1, true);
        layer(w2, b2, a1, a2, true);
        for (int i = 0; i < d; i++) {
            double s = b3[i];
            double[] row = w3[i];
            for (int j = 0; j < h; j++) s += row[j] * a2[j];
            y[i] += muOut[i] + sigmaOut[i] * s;
        }
    }

    private static void layer(double[][] w, double[] b, double[] in, double[] out, boolean tanh) {
        for (int i = 0; i < out.length; i++) {
            double s = b[i];
            double[] row = w[i];
            for (int j = 0; j < in.length; j++) s += row[j] * in[j];
            out[i] = tanh ? Math.tanh(s) : s;
        }
    }

    /** Generates data with the problem's fine propagator and trains the flow map for its coarse step. */
    public static MlpFlowMap train(PararealProblem problem, Settings settings) {
        int N = problem.intervals(), d = problem.initialState().length, M = settings.samples();
        double[] t = Parareal.grid(0, problem.horizon(), N);
        double[][] coarse = Parareal.sequential(problem.classical().copy(), 0, problem.initialState(), problem.horizon(), N);
        double[] mu = new double[d], sigma = new double[d];
        standardisation(coarse, mu, sigma);

        Rng rng = new Rng(settings.seed());
        Propagator fine = problem.fine().copy();
        double[][] in = new double[M][], out = new double[M][d];
        for (int s = 0; s < M; s++) {
            int n = rng.nextInt(N);
            double[] y = coarse[n].clone();
            for (int i = 0; i < d; i++) y[i] += settings.spread() * sigma[i] * rng.normal();
            in[s] = y;
            double[] z = y.clone();
            fine.propagate(t[n], z, t[n + 1]);
            for (int i = 0; i < d; i++) out[s][i] = z[i] - y[i];
        }
        double[] muOut = new double[d], sigmaOut = new double[d];
        standardisation(out, muOut, sigmaOut);
        double[] xs = new double[M * d], ys = new double[M * d];
        for (int s = 0; s < M; s++)
            for (int i = 0; i < d; i++) {
                xs[s * d + i] = (in[s][i] - mu[i]) / sigma[i];
                ys[s * d + i] = (out[s][i] - muOut[i]) / sigmaOut[i];
            }
        Tensor inputs = Tensor.constant(NDArray.of(new int[] {M, d}, xs));
        Tensor targets = Tensor.constant(NDArray.of(new int[] {M, d}, ys));

        Mlp model = Mlp.tanh(rng, d, settings.hidden(), settings.hidden(), d);
        var adam = new Adam(model.namedParameters(), settings.learningRate());
        adam.schedule(Schedule.cosine(settings.learningRate(), settings.learningRate() / 100, settings.steps()));
        double loss = Double.NaN;
        for (int step = 0; step < settings.steps(); step++) loss = Training.step(adam, () -> Losses.mse(model.forward(inputs), targets));
        Linear l1 = model.linears().get(0), l2 = model.linears().get(1), l3 = model.linears().get(2);
        return new MlpFlowMap(problem.coarseStep(), mu, sigma, muOut, sigmaOut,
                matrix(l1), l1.bias().value().toArray(), matrix(l2), l2.bias().value().toArray(),
                matrix(l3), l3.bias().value().toArray(), loss);
    }

    /** Per-component mean and spread (standard deviation, floored so constant components stay finite). */
    private static void standardisation(double[][] rows, double[] mean, double[] spread) {
        int d = mean.length;
        for (double[] r : rows) for (int i = 0; i < d; i++) mean[i] += r[i] / rows.length;
        double largest = 0;
        for (int i = 0; i < d; i++) {
            double v = 0;
            for (double[] r : rows) v += (r[i] - mean[i]) * (r[i] - mean[i]);
            spread[i] = Math.sqrt(v / rows.length);
            largest = Math.max(largest, spread[i]);
        }
        for (int i = 0; i < d; i++) spread[i] = Math.max(spread[i], Math.max(1e-3 * largest, 1e-12));
    }

    private static double[][] matrix(Linear l) {
        NDArray w = l.weight().value();
        int out = w.dim(0), in = w.dim(1);
        double[] flat = w.toArray();
        double[][] m = new double[out][in];
        for (int i = 0; i < out; i++) System.arraycopy(flat, i * in, m[i], 0, in);
        return m;
    }
}
