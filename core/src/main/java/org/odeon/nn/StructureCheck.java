package org.odeon.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module that measures how far it is from the structure it promises — symplecticity of a flow
 * map, orthogonality of a weight, preservation of a constraint — rather than assuming it. Each
 * defect is a named non-negative number that is zero up to round-off when the structure holds
 * exactly (a symplectic map's {@code ‖JᵀΩJ − Ω‖}, an orthogonal matrix's {@code ‖QᵀQ − I‖}).
 *
 * <p>Together with {@link Certified} this is the one interface through which every model family
 * reports its structural promise; {@link #report} gathers both for a trained model.
 */
public interface StructureCheck {
    /**
     * Named defects (snake_case), measured at probe points that the module draws from
     * {@code seed}, so the same seed gives the same numbers.
     */
    Map<String, Double> structureDefects(long seed);

    /**
     * Tolerance of the Lipschitz certificates in {@link #report}: matrix-free power iterations
     * stop at this relative residual (large convolutions do not reach 1e-6 in reasonable time) and
     * inflate their bound by it, so the report is still an upper bound.
     */
    double REPORT_TOL = 1e-3;

    /**
     * What {@code m} promises, measured: {@code lipschitz_bound} if it is {@link Certified} (and all
     * its parts are), then its {@link #structureDefects} if it checks its structure. Empty for a
     * module that promises neither.
     */
    static Map<String, Double> report(Module m, long seed) {
        var out = new LinkedHashMap<String, Double>();
        if (m instanceof Certified c) {
            try {
                out.put("lipschitz_bound", c.lipschitzBound(REPORT_TOL));
            } catch (IllegalArgumentException uncertifiedPart) {
                // a composite with a part that has no certificate certifies nothing
            }
        }
        if (m instanceof StructureCheck s) out.putAll(s.structureDefects(seed));
        return out;
    }
}
