/**
 * Modules with named parameter trees ({@link org.odeon.nn.Module}, {@link org.odeon.nn.Parameter},
 * {@link org.odeon.nn.Buffer} for untrained state that changes outputs), layers, initialisers and
 * losses. Two contracts let every model report what it promises: {@link org.odeon.nn.Certified} (an
 * upper bound on the ℓ2 Lipschitz constant, from the current parameters — {@code Linear} by its
 * spectral norm, activations by their slope interval, {@code Sequential} by the product) and
 * {@link org.odeon.nn.StructureCheck} (named, measured structural defects such as symplecticity or
 * orthogonality); {@link org.odeon.nn.StructureCheck#report} gathers both.
 */
package org.odeon.nn;
