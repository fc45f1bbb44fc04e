package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.odeon.systems.Burgers;
import org.odeon.systems.HenonHeiles;
import org.odeon.systems.Lorenz;

/** The fast forms allocate nothing per step once their workspace is sized (measured per thread). */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by this thread while running {@code body}, after running it once to warm up. */
    static long allocatedBytes(Runnable body) {
        body.run();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    static void assertAllocationFree(String what, int steps, Runnable body) {
        long bytes = allocatedBytes(body);
        assertTrue(bytes < 1024, what + " allocated " + bytes + " bytes over " + steps + " steps");
    }

    @Test
    void explicitRungeKuttaStepsAllocateNothing() {
        Lorenz lorenz = Lorenz.standard();
        for (ExplicitRungeKutta rk : new ExplicitRungeKutta[] {ExplicitRungeKutta.rk4(), ExplicitRungeKutta.dormandPrince5()}) {
            double[] y = lorenz.initialState();
            assertAllocationFree(rk.name(), 10_000, () -> { for (int i = 0; i < 10_000; i++) rk.step(lorenz, 0, 1e-3, y); });
        }
    }

    @Test
    void splittingAndImplicitStepsAllocateNothing() {
        HenonHeiles hh = HenonHeiles.standard();
        var yoshida = SplittingMethod.yoshida4();
        double[] y = hh.initialState();
        assertAllocationFree("Yoshida4", 10_000, () -> { for (int i = 0; i < 10_000; i++) yoshida.step(hh, 0, 0.01, y); });
        var midpoint = new ImplicitMidpoint();
        assertAllocationFree("ImplicitMidpoint", 2_000, () -> { for (int i = 0; i < 2_000; i++) midpoint.step(hh, 0, 0.01, y); });
        Burgers burgers = Burgers.standard();
        var euler = new ImplicitEuler();
        double[] u = burgers.initialState();
        assertAllocationFree("ImplicitEuler on Burgers", 200, () -> { for (int i = 0; i < 200; i++) euler.step(burgers, 0, 0.01, u); });
    }

    @Test
    void adaptiveDormandPrinceAllocatesNothingPerStep() {
        Lorenz lorenz = Lorenz.standard();
        var dopri = EmbeddedRungeKutta.dormandPrince54(1e-10, 1e-10);
        double[] y = lorenz.initialState();
        int[] steps = {0};
        long bytes = allocatedBytes(() -> steps[0] = dopri.integrate(lorenz, 0, y, 10).accepted());
        assertTrue(steps[0] > 1000, "only " + steps[0] + " steps");
        // One Statistics record per call, nothing per step.
        assertTrue(bytes < 1024, "allocated " + bytes + " bytes over " + steps[0] + " steps");
    }
}
