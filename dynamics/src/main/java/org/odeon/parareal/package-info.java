/**
 * Parareal with classical and neural coarse propagators.
 *
 * <p>{@link org.odeon.parareal.Parareal} iterates {@code U_{n+1}^{k+1} = F(U_n^k) + G(U_n^{k+1}) − G(U_n^k)}
 * over coarse intervals; any {@link org.odeon.parareal.Propagator} serves as fine solver F or coarse
 * solver G. Fine solves run on a {@link org.odeon.parareal.FineExecutor} (local threads now, the seam
 * for a distributed one). Coarse propagators: a few steps of a cheap integrator
 * ({@link org.odeon.parareal.StepperPropagator}), the random projection network of Betcke, Kreusser
 * and Murari ({@link org.odeon.parareal.RandomProjectionPropagator}), or any other, such as the
 * trained MLP flow map of {@code org.odeon.models.flowmap} (a model, so it lives above this package). {@link org.odeon.parareal.CostModel} projects speed-ups from
 * measured costs; {@link org.odeon.parareal.PararealMeasurement} times Parareal against the
 * sequential fine solve on the problems of {@link org.odeon.parareal.PararealProblem} (the table over
 * all of them is {@code org.odeon.bench.parareal.PararealBenchmark} in the bench module).
 */
package org.odeon.parareal;
