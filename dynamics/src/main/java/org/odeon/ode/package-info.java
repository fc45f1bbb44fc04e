/**
 * Integrators for {@code y' = f(t, y)}, each in two forms reading one shared definition:
 * a fast form on plain {@code double[]} states that allocates nothing per step
 * ({@link org.odeon.ode.Stepper}, {@link org.odeon.ode.VectorField}) and a differentiable
 * form on batched autograd tensors ({@link org.odeon.ode.TensorStepper},
 * {@link org.odeon.ode.TensorField}). Every integrator takes its arguments in one order,
 * {@code (f, t0, y0, t1, …)}.
 *
 * <ul>
 *   <li>Explicit Runge–Kutta from a {@link org.odeon.ode.ButcherTableau}: Euler, Heun, RK4,
 *       DOPRI5, BS3, Tsit5, DOP853; adaptive steps from any embedded tableau with a separate
 *       {@link org.odeon.ode.StepSizeController}, dense output and a differentiable form
 *       ({@link org.odeon.ode.EmbeddedRungeKutta}).</li>
 *   <li>Symplectic splittings from a {@link org.odeon.ode.SplittingScheme} for separable
 *       Hamiltonians: symplectic Euler (both), Störmer–Verlet, Yoshida 4.</li>
 *   <li>Implicit midpoint and implicit Euler with Newton ({@link org.odeon.linalg.DenseLu}).</li>
 *   <li>Reference solutions from Hipparchus ({@link org.odeon.ode.HipparchusReference}).</li>
 * </ul>
 */
package org.odeon.ode;
