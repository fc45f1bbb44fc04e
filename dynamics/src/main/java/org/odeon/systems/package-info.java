/**
 * The systems zoo ({@link org.odeon.systems.Zoo}): each system is a vector field with its
 * standard parameters and initial state and the invariants of its exact flow. Hamiltonian
 * systems state {@code y = (q, p)}; several also come in differentiable and Lie-group forms.
 */
package org.odeon.systems;
