package org.odeon.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.FixedWidthResNet;
import org.odeon.nn.Sequential;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class AttacksTest {
    /**
     * Two classes, {@code z = x·Wᵀ + b}, with {@code w₀ − w₁ = (2, −3, 0, −2)} and the boundary through
     * the centre of the box: a point's L2 distance to it is {@code |m|/√17}.
     */
    static final NDArray W = NDArray.of(new int[] {2, 4}, 1, -2, 0.5, 0, -1, 1, 0.5, 2);
    static final NDArray B = NDArray.of(new int[] {2}, 1.5, 0);
    static final UnaryOperator<Tensor> LINEAR = x -> Tensor.mm(x, false, Tensor.constant(W), true).add(Tensor.constant(B));

    static double rowDistance(NDArray a, NDArray b, int i, boolean inf) {
        int m = a.size() / a.dim(0);
        double s = 0;
        for (int j = 0; j < m; j++) {
            double d = Math.abs(a.data()[i * m + j] - b.data()[i * m + j]);
            s = inf ? Math.max(s, d) : s + d * d;
        }
        return inf ? s : Math.sqrt(s);
    }

    /** Points near the centre of the box, each labelled with its predicted class. */
    static NDArray[] centredPoints(int n, long seed) {
        NDArray x = new Rng(seed).uniform(DType.F64, 0.45, 0.55, n, 4);
        NDArray labels;
        try (var ng = GradMode.off()) { labels = LINEAR.apply(Tensor.constant(x)).value().argmax(1, false); }
        return new NDArray[] {x, labels};
    }

    @Test void l2PgdBreaksExactlyThePointsCloserThanEpsilonToALinearBoundary() {
        NDArray[] d = centredPoints(40, 1);
        double eps = 0.03, gap = Math.sqrt(17);
        NDArray m;
        try (var ng = GradMode.off()) { m = Margins.margin(LINEAR.apply(Tensor.constant(d[0])), d[1]).value(); }
        int expected = 0;
        for (double v : m.data()) if (v / gap > eps) expected++;
        assertTrue(expected > 5 && expected < 35, "the test needs both kinds of point, got " + expected);
        var r = Attacks.pgd(LINEAR, d[0], d[1], Attacks.Norm.L2, eps, 20, eps / 4, 2, 3);
        assertEquals(expected / 40.0, r.robustAccuracy(), 1e-12);
        for (int i = 0; i < 40; i++) assertTrue(rowDistance(r.examples(), d[0], i, false) <= eps + 1e-12);
    }

    @Test void robustAccuracyOverADatasetCountsThePointsFartherThanEpsilonInAnyChunking() {
        NDArray[] d = centredPoints(40, 1);
        var data = new org.odeon.data.Dataset(d[0], d[1]);
        double eps = 0.03, gap = Math.sqrt(17);
        NDArray m = Attacks.margins(LINEAR, d[0], d[1]);
        int far = 0;
        for (double v : m.data()) if (v / gap > eps) far++;
        for (int chunk : new int[] {7, 40})
            assertEquals(far / 40.0, Attacks.pgdAccuracy(LINEAR, data, Attacks.Norm.L2, eps, 20, eps / 4, 2, 3, chunk), 1e-12, "chunk " + chunk);
        // ε = 0: the clean accuracy, every point being labelled with its prediction
        assertEquals(1.0, Attacks.pgdAccuracy(LINEAR, data, Attacks.Norm.L2, 0, 20, 0, 1, 3, 7));
    }

    @Test void linfAttacksStayInTheBoxAndTheBall() {
        NDArray[] d = centredPoints(20, 2);
        double eps = 0.08;
        for (var r : new Attacks.Result[] {Attacks.fgsm(LINEAR, d[0], d[1], eps), Attacks.pgd(LINEAR, d[0], d[1], Attacks.Norm.LINF, eps, 10, 0.02, 2, 4)}) {
            for (int i = 0; i < 20; i++) assertTrue(rowDistance(r.examples(), d[0], i, true) <= eps + 1e-12);
            for (double v : r.examples().data()) assertTrue(v >= 0 && v <= 1);
        }
        // On a linear model the L∞ optimum is a corner of the ball, which FGSM reaches: margin drops by ε‖w₀ − w₁‖₁.
        var f = Attacks.fgsm(LINEAR, d[0], d[1], eps);
        NDArray m0;
        try (var ng = GradMode.off()) { m0 = Margins.margin(LINEAR.apply(Tensor.constant(d[0])), d[1]).value(); }
        for (int i = 0; i < 20; i++) assertEquals(m0.data()[i] - eps * 7, f.margins().data()[i], 1e-9);
    }

    @Test void noCertifiedPointIsBrokenByPgdAndCertifiedAccuracyIsBelowRobustAccuracy() {
        Rng rng = new Rng(5);
        var model = new Sequential(new Normalize(new double[] {0.5}, new double[] {0.25}), new org.odeon.nn.Flatten(), new FixedWidthResNet(9, 12, 3, 3, rng));
        model.eval();
        NDArray x = rng.uniform(DType.F64, 0, 1, 60, 1, 3, 3);
        NDArray labels;
        try (var ng = GradMode.off()) { labels = model.forward(Tensor.constant(x)).value().argmax(1, false); }
        double lip = Lipschitz.bound(model, 1e-6);
        assertEquals(4, lip, 0.05, "1-Lipschitz network behind a ×4 normalisation");
        NDArray m;
        try (var ng = GradMode.off()) { m = Margins.margin(model.forward(Tensor.constant(x)), labels).value(); }
        double eps = 0.5 * median(m.data()) / (Math.sqrt(2) * lip);
        var r = Attacks.pgd(model, x, labels, Attacks.Norm.L2, eps, 15, eps / 3, 2, 6);
        for (int i = 0; i < 60; i++)
            if (m.data()[i] > Math.sqrt(2) * lip * eps) assertTrue(r.margins().data()[i] > 0, "certified point " + i + " was broken");
        double certified = Margins.certifiedAccuracy(m, lip, eps);
        assertTrue(certified > 0.3 && certified <= r.robustAccuracy(), "certified " + certified + " vs robust " + r.robustAccuracy());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test void areaUnderACurveIsExactForPiecewiseLinearData() {
        assertEquals(0.5 * 1 * 1 + 1 * 2, Margins.area(new double[] {0, 1, 3}, new double[] {0, 1, 1}), 1e-12);
    }

    @Test void certifiedAccuracyCountsMarginsAboveRootTwoLEpsilon() {
        NDArray m = NDArray.of(new int[] {4}, -1, 0.1, 0.5, 2);
        assertEquals(0.75, Margins.certifiedAccuracy(m, 1, 0));
        assertEquals(0.5, Margins.certifiedAccuracy(m, 1, 0.3 / Math.sqrt(2)));
        assertEquals(0.25, Margins.certifiedAccuracy(m, 2, 0.3 / Math.sqrt(2)));
    }
}
