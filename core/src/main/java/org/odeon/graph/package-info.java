/**
 * Graph data for node classification: an attributed {@link org.odeon.graph.Graph} (CSR adjacency,
 * node features, labels), the contextual stochastic block model ({@link org.odeon.graph.Csbm}),
 * benchmark graphs read from {@code .npz} ({@link org.odeon.graph.GraphNpz}) and prepared the usual
 * way ({@link org.odeon.graph.Preprocess}), and seeded node splits ({@link org.odeon.graph.Split}).
 */
package org.odeon.graph;
