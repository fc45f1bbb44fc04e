/**
 * Attacks on node classifiers. Structure ({@link org.odeon.models.graph.attack.EdgeFlips} of node
 * pairs under a budget, a fraction of the clean edges): random flips and DICE
 * ({@link org.odeon.models.graph.attack.RandomAttacks}), the PGD topology attack
 * ({@link org.odeon.models.graph.attack.PgdTopology}) and Metattack
 * ({@link org.odeon.models.graph.attack.Metattack}); features: L2 / L∞ PGD
 * ({@link org.odeon.models.graph.attack.FeaturePgd}). A perturbed graph serves poisoning (train on it)
 * or evasion (evaluate a model trained on the clean graph).
 */
package org.odeon.models.graph.attack;
