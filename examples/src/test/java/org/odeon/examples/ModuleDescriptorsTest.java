package org.odeon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.ode.VectorField;
import org.odeon.tensor.NDArray;

/**
 * The library modules' descriptors, read from the compiled modules: every package of a module is
 * either public API (exported to everyone) or internal (exported only to Odeon's own modules and
 * named as internal in the README). A package added later without a line in its module-info.java
 * would be silently hidden from users on the module path; this test fails instead.
 */
class ModuleDescriptorsTest {
    /** The library modules, each found through one class it holds. */
    static final Map<String, Class<?>> MODULES = Map.of(
            "org.odeon.core", NDArray.class, "org.odeon.dynamics", VectorField.class, "org.odeon.models", Classifiers.class);
    static final Set<String> ODEON_MODULES = Set.of("org.odeon.core", "org.odeon.dynamics", "org.odeon.models");

    /** The compiled descriptor of the module (a jar or a classes folder) that holds {@code c}. */
    static ModuleDescriptor descriptorOf(Class<?> c) throws Exception {
        Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        var found = ModuleFinder.of(location).findAll();
        assertEquals(1, found.size(), location + " holds one module");
        ModuleDescriptor d = found.iterator().next().descriptor();
        assertTrue(!d.isAutomatic(), location + " carries a module-info.class (an automatic module means the descriptor was lost)");
        return d;
    }

    @Test void everyPackageIsExportedOrDeclaredInternal() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String apiSection = readme.substring(readme.indexOf("**What is public API.**"));
        for (var m : MODULES.entrySet()) {
            ModuleDescriptor d = descriptorOf(m.getValue());
            assertEquals(m.getKey(), d.name());
            Set<String> exported = new TreeSet<>(), internal = new TreeSet<>();
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (!e.isQualified()) exported.add(e.source());
                else {
                    assertTrue(ODEON_MODULES.containsAll(e.targets()), e + ": an internal package is exported to Odeon's modules only");
                    internal.add(e.source());
                }
            }
            Set<String> hidden = new TreeSet<>(d.packages());
            hidden.removeAll(exported);
            hidden.removeAll(internal);
            assertTrue(hidden.isEmpty(), d.name() + " has packages that are neither exported nor declared internal "
                    + "(add `exports P;` or `exports P to org.odeon...;` to its module-info.java): " + hidden);
            for (String p : internal)
                assertTrue(apiSection.contains("`" + p + "`"), "README's \"What is public API\" names the internal package " + p);
        }
    }

    @Test void theModulesRequireEachOtherTransitivelySoOneRequiresBringsTheRest() throws Exception {
        for (var chain : List.of(List.of("org.odeon.models", "org.odeon.dynamics"), List.of("org.odeon.dynamics", "org.odeon.core"))) {
            ModuleDescriptor d = descriptorOf(MODULES.get(chain.get(0)));
            assertTrue(d.requires().stream().anyMatch(r -> r.name().equals(chain.get(1))
                    && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), d.toString());
        }
    }
}
