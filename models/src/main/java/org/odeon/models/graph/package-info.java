/**
 * Node classifiers on graphs: the two-layer {@link org.odeon.models.graph.Gcn} (sparse, and dense in a
 * differentiable adjacency for structure attacks), a GRAND-style {@link org.odeon.models.graph.LinearDiffusion},
 * and the {@link org.odeon.models.graph.CoupledGraphFlow} whose feature step
 * {@code X ← (1 − hμ)X − h∇ᴬᵀσ(∇ᴬXK)K} contracts on every graph, with edge weights on a contractive flow of
 * their own; trained by {@link org.odeon.models.graph.NodeTraining}. Attacks on them are in
 * {@code org.odeon.models.graph.attack}.
 */
package org.odeon.models.graph;
