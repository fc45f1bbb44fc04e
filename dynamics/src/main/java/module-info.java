/**
 * Dynamical systems and their integrators: explicit, implicit and symplectic ODE methods with
 * adjoints ({@code org.odeon.ode}), Lie-group methods ({@code org.odeon.lie}), Hamiltonian and other
 * test systems ({@code org.odeon.systems}), Parareal ({@code org.odeon.parareal}) and PDE
 * discretisations ({@code org.odeon.pde}). Every package is public API; a new package must be
 * exported here ({@code ModuleDescriptorsTest} fails otherwise).
 *
 * <p>EJML, Hipparchus and JTransforms ship no descriptor: their module names ({@code ejml.ddense},
 * {@code hipparchus.ode}, …) are the ones the JDK derives from the Maven file names.
 */
module org.odeon.dynamics {
    requires transitive org.odeon.core;
    requires dev.ludovic.netlib.lapack;
    requires arpack.combined.all;
    requires JTransforms;
    requires ejml.core;
    requires ejml.ddense;
    requires ejml.dsparse;
    requires hipparchus.core;
    requires hipparchus.ode;

    exports org.odeon.ode;
    exports org.odeon.lie;
    exports org.odeon.systems;
    exports org.odeon.parareal;
    exports org.odeon.pde;
}
