package org.odeon.cli;

import org.odeon.experiments.Registry;

/**
 * Every experiment shipped with Odeon, one line each, in the order {@code odeon list} shows them.
 * It lives in the command line's package, which nothing depends on, so that
 * {@code org.odeon.experiments} needs none of the experiment packages built on it (no package cycle).
 */
public final class Catalog {
    private Catalog() {}

    /** A registry of every shipped experiment; a new experiment adds one line here. */
    public static Registry standard() {
        return new Registry()
                .flagship(new org.odeon.experiments.flowmap.OscillatorFlowMap())
                .flagship(new org.odeon.experiments.symplectic.SympFlowExperiment())
                .flagship(new org.odeon.experiments.parareal.PararealExperiment())
                .flagship(new org.odeon.experiments.lipschitz.LipschitzMoons())
                .flagship(new org.odeon.experiments.graph.GraphRobustness())
                .add(new org.odeon.experiments.lipschitz.RobustFashion())
                .add(new org.odeon.experiments.lipschitz.RobustCifar())
                .add(new org.odeon.experiments.denoise.Denoise())
                .flagship(new org.odeon.experiments.denoise.PnpDeblur())
                .flagship(new org.odeon.experiments.operator.NeuralOperator())
                .flagship(new org.odeon.experiments.transformer.IclRegression())
                .add(new org.odeon.experiments.transformer.RobustVit())
                .flagship(new org.odeon.experiments.isometric.DeepIsometric())
                .flagship(new org.odeon.experiments.flowmap.FlowMapActivations())
                .flagship(new org.odeon.experiments.pixel.PixelPde())
                .flagship(new org.odeon.experiments.constrained.ConstrainedHamiltonianExperiment());
    }
}
