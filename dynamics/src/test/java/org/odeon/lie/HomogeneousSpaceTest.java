package org.odeon.lie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HomogeneousSpaceTest {

    static Stream<Named<HomogeneousSpace>> spaces() {
        return Stream.of(Named.of("SO(3)", SO3.GROUP), Named.of("S²", Sphere.S2), Named.of("SE(3)", SE3.GROUP),
                Named.of("TS²", TangentSphere.TS2), Named.of("SO(3)×TS²×S²", new Product(SO3.GROUP, TangentSphere.TS2, Sphere.S2)));
    }

    /** A random point of the manifold, built by acting with a random element on a base point. */
    static double[] randomPoint(HomogeneousSpace space, Random rnd) {
        double[] base = basePoint(space);
        double[] out = new double[base.length];
        space.expAct(randomAlgebra(space, rnd, 2), 0, base, 0, out, 0);
        // A non-zero ω so that TS² points are generic (the action keeps q·ω = 0).
        return out;
    }

    static double[] basePoint(HomogeneousSpace space) {
        if (space == SO3.GROUP) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        if (space == Sphere.S2) return new double[] {0, 0, 1};
        if (space == SE3.GROUP) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, -1, 2};
        if (space == TangentSphere.TS2) return new double[] {0, 0, 1, 0.7, -0.2, 0};
        Product p = (Product) space;
        double[] b = new double[p.pointDimension()];
        System.arraycopy(basePoint(SO3.GROUP), 0, b, 0, 9);
        System.arraycopy(basePoint(TangentSphere.TS2), 0, b, 9, 6);
        System.arraycopy(basePoint(Sphere.S2), 0, b, 15, 3);
        return b;
    }

    static double[] randomAlgebra(HomogeneousSpace space, Random rnd, double scale) {
        double[] xi = new double[space.algebraDimension()];
        for (int i = 0; i < xi.length; i++) xi[i] = scale * (2 * rnd.nextDouble() - 1);
        return xi;
    }

    private static double[] act(HomogeneousSpace space, double[] xi, double s, double[] y) {
        double[] scaled = xi.clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] *= s;
        double[] out = new double[y.length];
        space.expAct(scaled, 0, y, 0, out, 0);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void infinitesimalActionIsTheDerivativeOfTheExponentialAction(HomogeneousSpace space) {
        Random rnd = new Random(1);
        double[] y = randomPoint(space, rnd), xi = randomAlgebra(space, rnd, 1);
        double[] gen = new double[y.length];
        space.infinitesimalAction(xi, 0, y, 0, gen, 0);
        double eps = 1e-6;
        double[] plus = act(space, xi, eps, y), minus = act(space, xi, -eps, y);
        for (int i = 0; i < y.length; i++) assertEquals((plus[i] - minus[i]) / (2 * eps), gen[i], 1e-8, "component " + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void exponentialIsAOneParameterGroup(HomogeneousSpace space) {
        Random rnd = new Random(2);
        double[] y = randomPoint(space, rnd), xi = randomAlgebra(space, rnd, 1.5);
        double[] twice = act(space, xi, 0.4, act(space, xi, 0.7, y)), once = act(space, xi, 1.1, y);
        for (int i = 0; i < y.length; i++) assertEquals(once[i], twice[i], 1e-13, "component " + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void bracketIsTheGroupCommutatorToSecondOrder(HomogeneousSpace space) {
        Random rnd = new Random(3);
        double[] y = randomPoint(space, rnd), a = randomAlgebra(space, rnd, 1), b = randomAlgebra(space, rnd, 1);
        double eps = 1e-4;
        // exp(εa) exp(εb) exp(−εa) exp(−εb)·y = y + ε²[a, b]·y + O(ε³)
        double[] z = act(space, a, eps, act(space, b, eps, act(space, a, -eps, act(space, b, -eps, y))));
        double[] ab = new double[a.length], gen = new double[y.length];
        space.bracket(a, 0, b, 0, ab, 0);
        space.infinitesimalAction(ab, 0, y, 0, gen, 0);
        for (int i = 0; i < y.length; i++) assertEquals(gen[i], (z[i] - y[i]) / (eps * eps), 1e-3, "component " + i);
    }

    @Test
    void rotationsStayOrthogonalAndMatchTheMatrixExponentialSeries() {
        double[] xi = {0.9, -1.7, 2.3}, r = new double[9];
        SO3.exp(xi, 0, r, 0);
        double[] series = {1, 0, 0, 0, 1, 0, 0, 0, 1}, term = series.clone();
        double[] hat = {0, -xi[2], xi[1], xi[2], 0, -xi[0], -xi[1], xi[0], 0};
        for (int k = 1; k < 40; k++) {
            double[] next = new double[9];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int l = 0; l < 3; l++) next[3 * i + j] += term[3 * i + l] * hat[3 * l + j] / k;
            term = next;
            for (int i = 0; i < 9; i++) series[i] += term[i];
        }
        for (int i = 0; i < 9; i++) assertEquals(series[i], r[i], 1e-13);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
                assertEquals(i == j ? 1 : 0, dot, 1e-15);
            }
    }

    @Test
    void smallRotationsUseTheSeriesWithoutLosingAccuracy() {
        double[] xi = {1e-9, 2e-9, -3e-9}, v = {1, 2, 3}, out = new double[3];
        SO3.rotate(xi, 0, v, 0, out, 0);
        // exp(ξ̂)v = v + ξ×v + ½ξ×(ξ×v) + O(|ξ|³v); ξ×v = (12, −6, 0)e-9, ξ×(ξ×v) = (−18, −36, −30)e-18. The displacement
        // is summed before it is added to v, so out[0] is the correctly rounded 1 + 1.2e-8 − 9e-18 (one ulp below 1 + 1.2e-8).
        assertEquals(1 + (12e-9 - 9e-18), out[0], 0);
    }

    @Test
    void actionOnTheTangentSphereKeepsBothConstraints() {
        Random rnd = new Random(4);
        double[] y = randomPoint(TangentSphere.TS2, rnd);
        for (int k = 0; k < 1000; k++) y = act(TangentSphere.TS2, randomAlgebra(TangentSphere.TS2, rnd, 3), 1, y);
        double omega = Math.sqrt(y[3] * y[3] + y[4] * y[4] + y[5] * y[5]);
        assertTrue(omega > 1, "random translations should have spun ω up, |ω| = " + omega);
        assertEquals(1, y[0] * y[0] + y[1] * y[1] + y[2] * y[2], 1e-13);
        assertEquals(0, (y[0] * y[3] + y[1] * y[4] + y[2] * y[5]) / omega, 1e-13);
    }
}
