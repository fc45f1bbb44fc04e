package org.odeon.systems;

import java.util.List;
import java.util.stream.Collectors;

/** Every system of the zoo with its standard parameters and initial state. */
public final class Zoo {
    private Zoo() {}

    public static List<OdeSystem> standardSystems() {
        return List.of(
                HarmonicOscillator.standard(), Pendulum.standard(), DampedOscillator.standard(),
                HenonHeiles.standard(), Kepler.standard(), Fput.standard(), Lorenz.standard(),
                Sir.standard(), Arenstorf.standard(), Brusselator.standard(), Robertson.standard(),
                Burgers.standard(), Heat2D.standard(), Advection2D.standard(), FisherKpp2D.standard(),
                RigidBody.standard(), PendulumChain.standard(3));
    }

    /** The standard system with this {@link OdeSystem#name()} (case-insensitive). */
    public static OdeSystem byName(String name) {
        return standardSystems().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown system '" + name + "'; expected one of "
                        + standardSystems().stream().map(OdeSystem::name).collect(Collectors.joining(", "))));
    }
}
