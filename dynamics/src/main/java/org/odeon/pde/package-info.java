/**
 * Solvers that make PDE data. Finite differences on periodic grids: difference
 * {@link org.odeon.pde.Stencil}s (which are circular convolutions), the method-of-lines fields of
 * linear advection, heat and Fisher–KPP ({@link org.odeon.pde.PeriodicPde}) advanced by the steppers
 * of {@code org.odeon.ode}, and seeded smooth initial data. For neural operators: Gaussian random
 * fields for the inputs, a pseudo-spectral exponential integrator for periodic viscous Burgers
 * ({@link org.odeon.pde.PeriodicBurgers}), a finite-difference Darcy solver through a sparse
 * Cholesky factorisation ({@link org.odeon.pde.Darcy}), and {@link org.odeon.pde.OperatorData},
 * which generates seeded input/solution pairs once and caches them as {@code .npz}.
 */
package org.odeon.pde;
