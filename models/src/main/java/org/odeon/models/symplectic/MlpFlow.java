package org.odeon.models.symplectic;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Mlp;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * The unstructured baseline: a flow map {@code Φ_θ(z, t) = z + t·N_θ(z, t)} with a plain tanh
 * network {@code N_θ}. It is the identity at {@code t = 0}, like {@link SympFlow}, but nothing
 * makes it symplectic or ties it to a Hamiltonian.
 */
public final class MlpFlow extends Module implements TimeFlow {
    private final int d;
    private final Mlp net;

    public MlpFlow(int dof, int width, int depth, Rng rng) {
        if (dof < 1 || width < 1 || depth < 1)
            throw new IllegalArgumentException("MlpFlow needs positive dof, width, depth; got " + dof + ", " + width + ", " + depth);
        d = dof;
        net = child("net", new Mlp(Mlp.widths(2 * d + 1, width, depth, 2 * d), Activation::tanh, Init.xavierNormal(1), rng));
    }

    @Override public int degreesOfFreedom() { return d; }

    @Override public Tensor flow(Tensor z, Tensor t) {
        if (z.rank() != 2 || z.dim(1) != 2 * d)
            throw new IllegalArgumentException("MlpFlow: z must have shape [B, " + 2 * d + "], got " + java.util.Arrays.toString(z.shape()));
        return z.add(t.mul(net.forward(Tensor.cat(List.of(z, t), 1))));
    }

    /** {@code Φ_θ(x[:, :2d], x[:, 2d])} for {@code x = (q, p, t)}. */
    @Override public Tensor forward(Tensor x) { return flow(x.slice(1, 0, 2 * d), x.slice(1, 2 * d, 2 * d + 1)); }
}
