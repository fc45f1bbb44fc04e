package org.odeon.lie;

import org.odeon.ode.Stepper;

/** Fast form of a {@link CommutatorFreeScheme} (e.g. CF4); allocation-free after the first step. */
public final class CommutatorFree implements Stepper<LieVectorField> {
    private final CommutatorFreeScheme scheme;
    private double[][] frozen = new double[0][0];
    private double[] combo = new double[0], y0 = new double[0], ping, pong;

    public CommutatorFree(CommutatorFreeScheme scheme) { this.scheme = scheme; }

    public static CommutatorFree cf4() { return new CommutatorFree(CommutatorFreeScheme.CF4); }

    @Override public String name() { return scheme.name(); }

    @Override public int order() { return scheme.order(); }

    @Override
    public void step(LieVectorField f, double t, double h, double[] y) {
        HomogeneousSpace space = f.space();
        int s = scheme.c().length, m = space.algebraDimension(), n = y.length;
        if (combo.length != m || y0.length != n) {
            frozen = new double[s][m];
            combo = new double[m];
            y0 = new double[n];
            ping = new double[n];
            pong = new double[n];
        }
        System.arraycopy(y, 0, y0, 0, n);
        for (int i = 0; i < s; i++) {
            double[] stage = compose(space, scheme.stages()[i]);
            f.generator(t + scheme.c()[i] * h, stage, frozen[i]);
            for (int l = 0; l < m; l++) frozen[i][l] *= h;
        }
        System.arraycopy(compose(space, scheme.update()), 0, y, 0, n);
    }

    /** Applies {@code exp(Σ_j e_j F_j)} for each coefficient list e in turn to y_n; returns the buffer holding the result. */
    private double[] compose(HomogeneousSpace space, double[][] exponentials) {
        double[] current = y0;
        for (double[] e : exponentials) {
            for (int l = 0; l < combo.length; l++) {
                double sum = 0;
                for (int j = 0; j < e.length; j++) sum += e[j] * frozen[j][l];
                combo[l] = sum;
            }
            double[] target = current == ping ? pong : ping;
            space.expAct(combo, 0, current, 0, target, 0);
            current = target;
        }
        return current;
    }
}
