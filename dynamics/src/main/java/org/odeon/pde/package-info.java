/**
 * PDE solvers that make data for neural operators: Gaussian random fields for the inputs, a
 * pseudo-spectral exponential integrator for periodic viscous Burgers, a finite-difference Darcy
 * solver through a sparse Cholesky factorisation, and {@link org.odeon.pde.OperatorData}, which
 * generates seeded input/solution pairs once and caches them as {@code .npz}.
 */
package org.odeon.pde;
