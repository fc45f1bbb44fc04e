/**
 * Attributed graphs for node classification: {@link org.odeon.graph.Graph} (symmetric CSR adjacency,
 * features, labels), the contextual stochastic block model ({@link org.odeon.graph.Csbm}), the
 * {@code .npz} graph files of the robustness literature ({@link org.odeon.graph.GraphNpz}), the usual
 * preparation ({@link org.odeon.graph.Preprocess}: symmetric, loop-free, largest component) and seeded
 * splits ({@link org.odeon.graph.Split}). The differentiable graph operators live in the engine
 * ({@link org.odeon.autograd.Sparse}, {@link org.odeon.autograd.GraphGradient}).
 */
package org.odeon.graph;
