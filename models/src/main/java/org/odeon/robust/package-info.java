/**
 * Proving and attacking robustness: certified Lipschitz bounds of whole models
 * ({@link org.odeon.robust.Lipschitz#bound}) from operator-norm bounds ({@link org.odeon.linalg.OperatorNorm}),
 * empirical lower bounds by pair search, margin certificates ({@link org.odeon.robust.Margins}), and
 * FGSM / L2-PGD / L∞-PGD attacks on inputs in [0, 1] ({@link org.odeon.robust.Attacks}).
 */
package org.odeon.robust;
