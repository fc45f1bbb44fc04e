/**
 * Symplectic neural flows and the Hamiltonian baselines they are compared with.
 *
 * <p>{@link org.odeon.models.symplectic.SympFlow} is a time-continuous map {@code Φ_θ(z, t)},
 * exactly symplectic for every {@code t} and the identity at {@code t = 0}, whose generating
 * Hamiltonian {@code H_θ(z, t)} is known in closed form (backward error analysis). It trains by
 * {@link org.odeon.models.symplectic.FlowLosses}: unsupervised (Hamilton's equations as residual),
 * Hamiltonian matching, or supervised from trajectories. Baselines: a Hamiltonian neural network
 * ({@link org.odeon.models.symplectic.HamiltonianNet}), LA- and G-SympNets
 * ({@link org.odeon.models.symplectic.SympNet}) and an unstructured flow map
 * ({@link org.odeon.models.symplectic.MlpFlow}). Long-time prediction composes a one-step map
 * ({@link org.odeon.models.symplectic.Rollout}); the structure is measured by
 * {@link org.odeon.models.symplectic.Symplecticity}.
 */
package org.odeon.models.symplectic;
