/**
 * Finite-difference solvers on periodic grids that make PDE data: difference {@link org.odeon.pde.Stencil}s
 * (which are circular convolutions), the method-of-lines fields of linear advection, heat and
 * Fisher–KPP ({@link org.odeon.pde.PeriodicPde}) advanced by the steppers of {@code org.odeon.ode},
 * and seeded smooth initial data.
 */
package org.odeon.pde;
