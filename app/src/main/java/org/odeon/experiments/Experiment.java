package org.odeon.experiments;

/**
 * One reproducible experiment. Its config is a record whose components are the hyper-parameters (each
 * one overridable from the command line with {@code --set name=value}); {@link #config} gives their values
 * at each {@link Scale}. {@link #run} builds data and model from {@code run.seed()}, trains through
 * {@link Run#train} (which provides progress, Ctrl-C checkpoints and resume), evaluates, and returns
 * metrics, headline first, plots and the trained weights.
 *
 * <p>Everything random must come from {@link Run#random} or the step's generator in {@link Run#train}, so a
 * run is a pure function of its config and seed and a resumed run ends where an uninterrupted one would.
 *
 * @param <C> the config record
 */
public interface Experiment<C extends Record> {

    /**
     * @param name    command-line name, lower-case with dashes, e.g. {@code oscillator-flowmap}
     * @param summary one line saying what is fitted and what is measured
     * @param paper   the paper (or section) it reproduces
     * @param family  the model family it belongs to, e.g. {@code flow maps}
     */
    record Info(String name, String summary, String paper, String family) {
        public Info {
            if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*"))
                throw new IllegalArgumentException("experiment name '" + name + "' should be lower-case words joined by '-'");
        }
    }

    Info info();

    /** The config at a scale; the two scales differ in size, not in what is computed. */
    C config(Scale scale);

    Outcome run(C config, Run run) throws Exception;

    /**
     * What a run at {@code scale} cannot show of the paper's claim (too few steps, a simpler system, ...), one or two
     * sentences for the top of its report; empty when it shows it all.
     */
    default String limits(Scale scale) { return ""; }
}
