package org.odeon.examples;

import org.odeon.autograd.Functional;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * A Hessian-vector product {@code ∇²f(x)·v} by differentiating the gradient once more (double
 * backward), without forming the Hessian; here for the Rosenbrock function, checked against its
 * Hessian written out by hand.
 */
public final class HessianVectorProduct {
    /** {@code f(x, y) = (1 − x)² + 100 (y − x²)²}. */
    static Tensor rosenbrock(Tensor z) {
        Tensor x = z.slice(0, 0, 1), y = z.slice(0, 1, 2);
        return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    }

    /** The autograd product and the hand-written {@code H·v}. */
    public record Result(double[] autograd, double[] exact) {}

    public static void main(String[] args) {
        Result r = run(new double[] {0.5, -0.3}, new double[] {1, 2});
        System.out.printf("autograd H·v %s%nexact    H·v %s%n", java.util.Arrays.toString(r.autograd()), java.util.Arrays.toString(r.exact()));
    }

    public static Result run(double[] at, double[] v) {
        Tensor hv = Functional.hvp(HessianVectorProduct::rosenbrock, Tensor.constant(NDArray.of(new int[] {2}, at.clone())),
                Tensor.constant(NDArray.of(new int[] {2}, v.clone())), false);
        double x = at[0], y = at[1];
        double hxx = 2 - 400 * (y - x * x) + 800 * x * x, hxy = -400 * x, hyy = 200;
        return new Result(hv.value().toArray(), new double[] {hxx * v[0] + hxy * v[1], hxy * v[0] + hyy * v[1]});
    }
}
