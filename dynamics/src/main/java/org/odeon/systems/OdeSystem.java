package org.odeon.systems;

import java.util.List;
import org.odeon.ode.VectorField;

/**
 * A member of the systems zoo: a vector field {@code y' = f(t, y)} together with its standard
 * parameters (the record components of each implementation), a standard initial state and the
 * quantities its exact flow conserves.
 *
 * <p>Systems that keep scratch space for their vector field (e.g. a linear solve) say so and are
 * not thread-safe; all others are immutable.
 */
public interface OdeSystem extends VectorField {

    /** Short name used in reports, e.g. {@code "Lorenz"}. */
    String name();

    /** Length of the state vector. */
    int dimension();

    /** A fresh copy of the standard initial state. */
    double[] initialState();

    /** The quantities conserved by the exact flow (empty for dissipative systems). */
    default List<Invariant> invariants() { return List.of(); }
}
