/**
 * Odeon's engine: arrays and their kernels, reverse-mode autograd to any order, modules and layers,
 * optimizers, data sets and file formats.
 *
 * <p>Exported without qualification: the packages of the public API. {@code org.odeon.linalg} is
 * internal: it is exported only to Odeon's own modules (its dense LU, QR and spectral-norm kernels
 * serve layer certificates and may change without notice). A new package must be added here, to one
 * list or the other ({@code ModuleDescriptorsTest} fails otherwise).
 *
 * <p>Netlib, JTransforms and their dependencies ship no descriptor: they are automatic modules.
 * {@code JTransforms} and {@code arpack.combined.all} are names the JDK derives from the Maven file
 * names ({@code JTransforms-3.1.jar}, {@code arpack_combined_all-0.1.jar}); netlib declares its names.
 */
module org.odeon.core {
    // Checkpoint metadata is a Jackson ObjectNode in org.odeon.io's signatures.
    requires transitive com.fasterxml.jackson.databind;
    requires dev.ludovic.netlib.blas;
    requires dev.ludovic.netlib.lapack;
    requires arpack.combined.all;     // org.netlib.util.intW, the info argument of netlib's LAPACK calls
    requires JTransforms;
    requires java.desktop;            // javax.imageio decodes photographs (org.odeon.io.Images)
    requires java.logging;            // quiets netlib's "no native BLAS" notice

    exports org.odeon.tensor;
    exports org.odeon.autograd;
    exports org.odeon.nn;
    exports org.odeon.optim;
    exports org.odeon.data;
    exports org.odeon.io;
    exports org.odeon.graph;

    exports org.odeon.linalg to org.odeon.dynamics, org.odeon.models;
}
