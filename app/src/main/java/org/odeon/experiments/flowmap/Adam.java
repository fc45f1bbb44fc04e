package org.odeon.experiments.flowmap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.experiments.TrainState;
import org.odeon.tensor.NDArray;

/**
 * Adam (Kingma and Ba, 2015) over a list of parameters, with its moments as checkpointable state:
 * <pre>
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   θ ← θ − η · m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ).
 * </pre>
 * Written here because {@code org.odeon.optim} has not landed yet; it goes when that does.
 */
final class Adam implements TrainState {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final List<Tensor> params;
    private final double[][] m, v;
    private long t;

    Adam(List<Tensor> params) {
        this.params = List.copyOf(params);
        m = new double[params.size()][];
        v = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).size()];
            v[i] = new double[params.get(i).size()];
        }
    }

    void zeroGrad() { params.forEach(Tensor::zeroGrad); }

    /** One update with learning rate {@code lr} from the gradients left by {@code backward()}; a parameter without a gradient is skipped. */
    void step(double lr) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray g = params.get(i).grad();
            if (g == null) continue;
            double[] gd = g.data(), mi = m[i], vi = v[i], step = new double[mi.length];
            for (int k = 0; k < mi.length; k++) {
                mi[k] = BETA1 * mi[k] + (1 - BETA1) * gd[k];
                vi[k] = BETA2 * vi[k] + (1 - BETA2) * gd[k] * gd[k];
                step[k] = (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + EPS);
            }
            NDArray p = params.get(i).value();
            p.axpyInPlace(-lr, NDArray.of(p.dtype(), p.shape(), step));
        }
    }

    @Override public Map<String, NDArray> save() {
        var out = new LinkedHashMap<String, NDArray>();
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i).value();
            out.put("param." + i, p.copy());
            out.put("adam.m." + i, NDArray.of(p.shape(), m[i].clone()));
            out.put("adam.v." + i, NDArray.of(p.shape(), v[i].clone()));
        }
        out.put("adam.t", NDArray.scalar(t));
        return out;
    }

    @Override public void restore(Map<String, NDArray> saved) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().assign(need(saved, "param." + i));
            System.arraycopy(need(saved, "adam.m." + i).data(), 0, m[i], 0, m[i].length);
            System.arraycopy(need(saved, "adam.v." + i).data(), 0, v[i], 0, v[i].length);
        }
        t = (long) need(saved, "adam.t").item();
    }

    private static NDArray need(Map<String, NDArray> saved, String name) {
        NDArray a = saved.get(name);
        if (a == null) throw new IllegalArgumentException("checkpoint lacks '" + name + "'");
        return a;
    }
}
