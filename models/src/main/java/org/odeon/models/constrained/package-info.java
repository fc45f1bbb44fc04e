/**
 * Learning Hamiltonians of constrained mechanical systems (Celledoni, Leone, Murari, Owren): a chain
 * of spherical pendula on {@code (T*S²)ⁿ} with a learned potential (and optionally a learned mass
 * matrix), trained through Lie-group integrators that keep the constraints to round-off and through
 * classical ones on the embedding.
 */
package org.odeon.models.constrained;
