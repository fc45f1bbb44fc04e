package org.odeon.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

/** A difference stencil is a circular cross-correlation, and the named stencils are consistent. */
class StencilTest {

    @Test void aStencilIsACircularConvolution() {
        int n = 9;
        Rng rng = new Rng(4);
        double[] w = new double[25];
        for (int i = 0; i < w.length; i++) w[i] = rng.normal();
        Stencil s = new Stencil(2, w);
        double[] u = new double[n * n];
        for (int i = 0; i < u.length; i++) u[i] = rng.normal();
        double[] out = new double[n * n];
        s.apply(u, n, 0.5, out);
        Tensor y = Conv.conv2d(Tensor.constant(NDArray.of(new int[] {1, 1, n, n}, u)),
                Tensor.constant(NDArray.of(new int[] {1, 1, 5, 5}, s.weights())), null, 1, 2, IndexMap.Pad.CIRCULAR);
        double[] conv = y.value().data();
        for (int i = 0; i < out.length; i++) assertEquals(0.5 * conv[i], out[i], 1e-13);
        assertEquals(DType.F64, y.dtype());
    }

    @Test void differenceOperatorsAnnihilateConstants() {
        double h = 0.1;
        for (Stencil s : new Stencil[] {Stencil.laplacian5(h), Stencil.laplacian9(h), Stencil.upwind(1, -2, h), Stencil.centred(-1, 3, h)})
            assertEquals(0, s.sum(), 1e-12, s.toString());
    }

    @Test void upwindTakesTheDifferenceFromWhereTheFlowComes() {
        Stencil s = Stencil.upwind(2, -1, 1);
        assertEquals(2, s.weight(0, -1));
        assertEquals(0, s.weight(0, 1));
        assertEquals(1, s.weight(1, 0));
        assertEquals(0, s.weight(-1, 0));
        assertEquals(-3, s.weight(0, 0));
    }

    @Test void plusAlignsCentres() {
        Stencil sum = Stencil.of(0, 0, 0, 1).plus(Stencil.laplacian5(1));
        assertEquals(1, sum.radius());
        assertEquals(-3, sum.weight(0, 0));
        assertEquals(1, sum.weight(1, 0));
    }
}
