package org.odeon.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns padded to their widest cell, for terminal output. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) { rows.add(header); }

    Table row(String... cells) {
        if (cells.length != rows.getFirst().length) throw new IllegalArgumentException("row has " + cells.length + " cells, header " + rows.getFirst().length);
        rows.add(cells);
        return this;
    }

    void print(PrintStream out) {
        int n = rows.getFirst().length;
        int[] w = new int[n];
        for (String[] r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r[i].length());
        for (int k = 0; k < rows.size(); k++) {
            var line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(i == n - 1 ? rows.get(k)[i] : String.format("%-" + w[i] + "s  ", rows.get(k)[i]));
            }
            out.println(line.toString().stripTrailing());
            if (k == 0) {
                var rule = new StringBuilder();
                for (int i = 0; i < n; i++) rule.append("-".repeat(w[i])).append(i == n - 1 ? "" : "  ");
                out.println(rule);
            }
        }
    }
}
