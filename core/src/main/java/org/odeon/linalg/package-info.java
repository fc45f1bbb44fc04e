/**
 * Dense linear algebra in one place: LU with partial pivoting for solves and inverses
 * ({@link org.odeon.linalg.DenseLu}, LAPACK above a size where crossing into native code pays),
 * Householder QR and Haar-random orthogonal matrices ({@link org.odeon.linalg.Householder}), and
 * spectral-norm bounds — exact Gram-iteration bounds for matrices and converged power iteration
 * for matrix-free maps ({@link org.odeon.linalg.OperatorNorm}) — that layer certificates use.
 *
 * <p>Internal: the module descriptor exports this package only to {@code org.odeon.dynamics} and
 * {@code org.odeon.models}; it may change without notice.
 */
package org.odeon.linalg;
