package org.odeon.report;

import java.util.Map;

/**
 * The contents of a run's {@code config.json}: which experiment, at which scale and seed, with every
 * setting (and which of them the user overrode), on which versions, started when, and what that scale
 * cannot show ({@code limits}, empty or absent in older runs).
 */
public record RunInfo(String experiment, String summary, String paper, String family, String scale, long seed,
                      Map<String, String> overrides, Map<String, Object> config, Map<String, String> versions,
                      String started, String limits) {}
