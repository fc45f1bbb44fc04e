package org.odeon.lie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odeon.autograd.Tensor;

/**
 * The product {@code M₁ × … × M_k} of homogeneous spaces under {@code G₁ × … × G_k}, acting
 * factor by factor; algebra elements and points are the concatenations of the factors' blocks.
 * The differentiable form needs every factor to be a {@link TensorHomogeneousSpace} as well.
 */
public final class Product implements HomogeneousSpace, TensorHomogeneousSpace {
    private final HomogeneousSpace[] factors;
    private final int[] algebraOffsets, pointOffsets;

    public Product(HomogeneousSpace... factors) {
        if (factors.length == 0) throw new IllegalArgumentException("a product needs at least one factor");
        this.factors = factors.clone();
        this.algebraOffsets = new int[factors.length + 1];
        this.pointOffsets = new int[factors.length + 1];
        for (int i = 0; i < factors.length; i++) {
            algebraOffsets[i + 1] = algebraOffsets[i] + factors[i].algebraDimension();
            pointOffsets[i + 1] = pointOffsets[i] + factors[i].pointDimension();
        }
    }

    /** {@code Mⁿ}, e.g. {@code (TS²)ⁿ} for a chain of n spherical pendula. */
    public static Product power(HomogeneousSpace space, int n) {
        if (n < 1) throw new IllegalArgumentException("power of a space needs n ≥ 1, got " + n);
        HomogeneousSpace[] f = new HomogeneousSpace[n];
        Arrays.fill(f, space);
        return new Product(f);
    }

    public int factorCount() { return factors.length; }

    @Override public int algebraDimension() { return algebraOffsets[factors.length]; }
    @Override public int pointDimension() { return pointOffsets[factors.length]; }

    @Override
    public void expAct(double[] xi, int xo, double[] y, int yo, double[] out, int oo) {
        for (int i = 0; i < factors.length; i++)
            factors[i].expAct(xi, xo + algebraOffsets[i], y, yo + pointOffsets[i], out, oo + pointOffsets[i]);
    }

    @Override
    public void infinitesimalAction(double[] xi, int xo, double[] y, int yo, double[] out, int oo) {
        for (int i = 0; i < factors.length; i++)
            factors[i].infinitesimalAction(xi, xo + algebraOffsets[i], y, yo + pointOffsets[i], out, oo + pointOffsets[i]);
    }

    @Override
    public void bracket(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        for (int i = 0; i < factors.length; i++)
            factors[i].bracket(a, ao + algebraOffsets[i], b, bo + algebraOffsets[i], out, oo + algebraOffsets[i]);
    }

    private TensorHomogeneousSpace tensorFactor(int i) {
        if (factors[i] instanceof TensorHomogeneousSpace t) return t;
        throw new UnsupportedOperationException("factor " + i + " (" + factors[i].getClass().getSimpleName() + ") has no differentiable form");
    }

    private interface Blockwise {
        Tensor apply(TensorHomogeneousSpace space, Tensor a, Tensor b);
    }

    /** Applies {@code op} factor by factor to the blocks of {@code a} and {@code b} and concatenates. */
    private Tensor blockwise(Tensor a, int[] aOffsets, Tensor b, int[] bOffsets, Blockwise op) {
        List<Tensor> parts = new ArrayList<>(factors.length);
        for (int i = 0; i < factors.length; i++)
            parts.add(op.apply(tensorFactor(i), a.slice(-1, aOffsets[i], aOffsets[i + 1]), b.slice(-1, bOffsets[i], bOffsets[i + 1])));
        return Tensor.cat(parts, -1);
    }

    @Override
    public Tensor expAct(Tensor xi, Tensor y) { return blockwise(xi, algebraOffsets, y, pointOffsets, TensorHomogeneousSpace::expAct); }

    @Override
    public Tensor expActDisplacement(Tensor xi, Tensor y) {
        return blockwise(xi, algebraOffsets, y, pointOffsets, TensorHomogeneousSpace::expActDisplacement);
    }

    @Override
    public Tensor infinitesimalAction(Tensor xi, Tensor y) {
        return blockwise(xi, algebraOffsets, y, pointOffsets, TensorHomogeneousSpace::infinitesimalAction);
    }

    @Override
    public Tensor bracket(Tensor a, Tensor b) { return blockwise(a, algebraOffsets, b, algebraOffsets, TensorHomogeneousSpace::bracket); }
}
