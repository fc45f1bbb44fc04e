package org.odeon.lie;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.odeon.ode.Stepper;
import org.odeon.systems.PendulumChain;
import org.odeon.systems.RigidBody;

/** The fast Lie-group steppers (and the pendulum chain's field) allocate nothing per step. */
class LieAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static void assertAllocationFree(Stepper<LieVectorField> stepper, LieVectorField f, double[] y, double h) {
        Runnable body = () -> { for (int i = 0; i < 2_000; i++) stepper.step(f, 0, h, y); };
        body.run();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(bytes < 1024, stepper.name() + " allocated " + bytes + " bytes over 2000 steps");
    }

    @Test
    void lieStepsOnThePendulumChainAndTheRigidBodyAllocateNothing() {
        PendulumChain chain = PendulumChain.standard(3);
        RigidBody body = RigidBody.standard();
        for (Stepper<LieVectorField> s : java.util.List.<Stepper<LieVectorField>>of(
                RungeKuttaMuntheKaas.lieEuler(), RungeKuttaMuntheKaas.rkmk4(), CommutatorFree.cf4())) {
            assertAllocationFree(s, chain, chain.initialState(), 0.001);
            assertAllocationFree(s, body, body.initialState(), 0.01);
        }
    }
}
