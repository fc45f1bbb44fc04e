package org.odeon.inverse;

import java.util.function.UnaryOperator;
import org.odeon.tensor.NDArray;

/**
 * Plug-and-Play restoration of {@code y = Ax + ε} with data term {@code f(x) = ½‖Ax − y‖²} and any
 * denoiser {@code D} in place of a proximal map.
 *
 * <p><b>Forward–backward.</b> {@code x_{k+1} = D(x_k − γAᵀ(Ax_k − y))}. For {@code 0 < γ < 2/‖A‖²}
 * the gradient step {@code I − γAᵀA} is {@code γ‖A‖²/2}-averaged; if {@code D} is averaged, the
 * composition is averaged, so (Krasnosel'skiĭ–Mann) the residuals {@code ‖x_{k+1} − x_k‖} never
 * increase and tend to zero whenever a fixed point exists. With an unconstrained denoiser none of
 * this is guaranteed.
 *
 * <p><b>ADMM.</b> {@code x_{k+1} = prox_{γf}(z_k − u_k) = (AᵀA + I/γ)⁻¹(Aᵀy + (z_k − u_k)/γ)},
 * {@code z_{k+1} = D(x_{k+1} + u_k)}, {@code u_{k+1} = u_k + x_{k+1} − z_{k+1}}; the residual is
 * {@code ‖x_{k+1} − x_k‖}.
 *
 * <p>Both stop when the residual is at most {@code tol} or after {@code maxIterations}.
 */
public final class PlugAndPlay {
    private PlugAndPlay() {}

    /** PnP forward–backward splitting from {@code x₀ = y}. */
    public static Restoration forwardBackward(Blur a, NDArray y, UnaryOperator<NDArray> denoiser, double gamma, int maxIterations, double tol) {
        check(gamma, maxIterations);
        NDArray x = y.copy();
        double[] res = new double[maxIterations];
        int k = 0;
        boolean done = false;
        while (k < maxIterations && !done) {
            NDArray next = denoiser.apply(x.sub(a.adjoint(a.apply(x).sub(y)).mul(gamma)));
            res[k] = next.sub(x).norm();
            if (!Double.isFinite(res[k])) { k++; break; }
            done = res[k] <= tol;
            x = next;
            k++;
        }
        return new Restoration(x, java.util.Arrays.copyOf(res, k), done);
    }

    /** PnP-ADMM from {@code z₀ = y, u₀ = 0}. */
    public static Restoration admm(Blur a, NDArray y, UnaryOperator<NDArray> denoiser, double gamma, int maxIterations, double tol) {
        check(gamma, maxIterations);
        NDArray aty = a.adjoint(y), z = y.copy(), u = y.mul(0), x = y.copy();
        double[] res = new double[maxIterations];
        int k = 0;
        boolean done = false;
        while (k < maxIterations && !done) {
            NDArray next = a.solveNormal(aty.add(z.sub(u).mul(1 / gamma)), 1 / gamma);
            z = denoiser.apply(next.add(u));
            u = u.add(next).sub(z);
            res[k] = next.sub(x).norm();
            x = next;
            if (!Double.isFinite(res[k])) { k++; break; }
            done = res[k] <= tol;
            k++;
        }
        return new Restoration(x, java.util.Arrays.copyOf(res, k), done);
    }

    private static void check(double gamma, int maxIterations) {
        if (!(gamma > 0)) throw new IllegalArgumentException("PnP step γ must be positive, got " + gamma);
        if (maxIterations < 1) throw new IllegalArgumentException("PnP needs at least one iteration, got " + maxIterations);
    }
}
