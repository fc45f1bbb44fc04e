package org.odeon.experiments;

import java.util.Locale;

/** How big a run is: {@code QUICK} finishes in about a minute on two cores, {@code PAPER} uses the paper's sizes. */
public enum Scale {
    QUICK, PAPER;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Scale parse(String s) {
        for (Scale v : values()) if (v.id().equalsIgnoreCase(s)) return v;
        throw new ExperimentException("unknown scale '" + s + "'; expected quick or paper");
    }
}
