/**
 * The networks: each a discretised dynamical system with the structure it promises and the
 * certificate that proves it ({@code org.odeon.models.*}), robustness measures and attacks
 * ({@code org.odeon.robust}) and inverse problems ({@code org.odeon.inverse}). Requiring this module
 * brings {@code org.odeon.dynamics} and {@code org.odeon.core} with it. Every package is public API;
 * a new package must be exported here ({@code ModuleDescriptorsTest} fails otherwise).
 */
module org.odeon.models {
    requires transitive org.odeon.dynamics;
    requires ejml.core;
    requires ejml.ddense;

    exports org.odeon.inverse;
    exports org.odeon.robust;
    exports org.odeon.models.constrained;
    exports org.odeon.models.denoise;
    exports org.odeon.models.flowmap;
    exports org.odeon.models.graph;
    exports org.odeon.models.graph.attack;
    exports org.odeon.models.isometric;
    exports org.odeon.models.lipschitz;
    exports org.odeon.models.operator;
    exports org.odeon.models.pixel;
    exports org.odeon.models.symplectic;
    exports org.odeon.models.transformer;
}
