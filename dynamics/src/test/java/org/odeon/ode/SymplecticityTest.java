package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Functional;
import org.odeon.autograd.Tensor;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.NDArray;

/**
 * A one-step map Φ_h is symplectic when its Jacobian J = ∂Φ_h/∂y satisfies {@code JᵀΩJ = Ω},
 * {@code Ω = [[0, I], [−I, 0]]}. J comes from reverse-mode autograd through the differentiable form.
 */
class SymplecticityTest {
    private static final double H = 0.1;

    /** max |(JᵀΩJ − Ω)_ij| for the one-step map of {@code stepper} at a Hénon–Heiles state. */
    private static <F extends TensorField> double symplecticDefect(TensorStepper<F> stepper, F field, double[] state) {
        NDArray j = Functional.jacobian(y -> stepper.step(field, 0, H, y), Tensor.of(new int[] {4}, state));
        double[] a = j.data();
        int n = 4, d = 2;
        double worst = 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) {
                // (JᵀΩJ)_rc = Σ_k J_kr (ΩJ)_kc, (ΩJ)_kc = J_{k+d,c} for k < d, −J_{k−d,c} otherwise
                double s = 0;
                for (int k = 0; k < n; k++) {
                    double omegaJ = k < d ? a[(k + d) * n + c] : -a[(k - d) * n + c];
                    s += a[k * n + r] * omegaJ;
                }
                double omega = r < d && c == r + d ? 1 : r >= d && c == r - d ? -1 : 0;
                worst = Math.max(worst, Math.abs(s - omega));
            }
        return worst;
    }

    static Stream<Named<TensorStepper<TensorSeparableHamiltonian>>> splittings() {
        return Stream.of(TensorSplitting.symplecticEulerKickDrift(), TensorSplitting.symplecticEulerDriftKick(),
                TensorSplitting.stormerVerlet(), TensorSplitting.yoshida4()).map(s -> Named.of(s.name(), (TensorStepper<TensorSeparableHamiltonian>) s));
    }

    private static final double[][] STATES = {{0.3, -0.3, 0.3, 0.15}, {-0.2, 0.4, 0.1, -0.3}};

    @ParameterizedTest(name = "{0}")
    @MethodSource("splittings")
    void splittingMethodsAreSymplecticOnHenonHeiles(TensorStepper<TensorSeparableHamiltonian> stepper) {
        for (double[] s : STATES) {
            double defect = symplecticDefect(stepper, HenonHeiles.standard(), s);
            assertTrue(defect <= 1e-12, stepper.name() + " defect " + defect);
        }
    }

    @Test
    void implicitMidpointIsSymplecticOnHenonHeiles() {
        for (double[] s : STATES) {
            double defect = symplecticDefect(TensorImplicitOneStage.implicitMidpoint(), (TensorField) HenonHeiles.standard(), s);
            assertTrue(defect <= 1e-12, "implicit midpoint defect " + defect);
        }
    }

    @Test
    void verletWithAnAutogradForceFromALearnedStylePotentialIsSymplectic() {
        // V(q) = Σ log cosh(q) + q₁q₂: forces through a second backward pass, as for a learned H.
        var h = TensorSeparableHamiltonian.fromEnergies(2, p -> p.square().sum(false, -1).mul(0.5),
                q -> q.exp().add(q.neg().exp()).mul(0.5).log().sum(false, -1)
                        .add(q.slice(-1, 0, 1).mul(q.slice(-1, 1, 2)).squeeze(-1)));
        double defect = symplecticDefect(TensorSplitting.yoshida4(), h, STATES[0]);
        assertTrue(defect <= 1e-12, "defect " + defect);
    }

    @Test
    void rk4IsNotSymplectic() {
        double defect = symplecticDefect(TensorRungeKutta.rk4(), (TensorField) HenonHeiles.standard(), STATES[0]);
        assertTrue(defect > 1e-7, "RK4 defect only " + defect);
    }
}
