/**
 * Lie groups acting on manifolds and the integrators that move only by the action, so they
 * stay on the manifold: SO(3), S², SE(3), TS² (the phase space of a spherical pendulum) and
 * products ({@link org.odeon.lie.HomogeneousSpace}; the same classes are also
 * {@link org.odeon.lie.TensorHomogeneousSpace}s). Lie–Euler and RKMK4
 * ({@link org.odeon.lie.RungeKuttaMuntheKaas}) and CF4 ({@link org.odeon.lie.CommutatorFree}),
 * each with a differentiable twin.
 */
package org.odeon.lie;
