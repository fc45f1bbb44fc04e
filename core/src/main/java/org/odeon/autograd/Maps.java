package org.odeon.autograd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Windows;

/**
 * A small cache of index tables: a training loop permutes, pads and im2cols the same shapes
 * every step, and rebuilding a table costs more than applying it.
 */
final class Maps {
    private Maps() {}

    private static final int CAPACITY = 512;
    private static final Map<String, IndexMap> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, IndexMap> e) { return size() > CAPACITY; }
    };

    private static IndexMap cached(String key, Supplier<IndexMap> make) {
        synchronized (CACHE) {
            IndexMap m = CACHE.get(key);
            if (m != null) return m;
        }
        IndexMap m = make.get();
        synchronized (CACHE) { CACHE.put(key, m); }
        return m;
    }

    static IndexMap permute(int[] shape, int[] axes) {
        return cached("permute" + Arrays.toString(shape) + Arrays.toString(axes), () -> IndexMap.permute(shape, axes));
    }

    static IndexMap slice(int[] shape, int axis, int start, int end, int step) {
        return cached("slice" + Arrays.toString(shape) + axis + ':' + start + ':' + end + ':' + step,
                () -> IndexMap.slice(shape, axis, start, end, step));
    }

    static IndexMap pad(int[] shape, int axis, int before, int after, IndexMap.Pad mode) {
        return cached("pad" + Arrays.toString(shape) + axis + ':' + before + ':' + after + mode,
                () -> IndexMap.pad(shape, axis, before, after, mode));
    }

    static IndexMap im2col(int c, int h, int w, int kh, int kw, int stride, int pad, IndexMap.Pad mode) {
        return cached("im2col" + c + 'x' + h + 'x' + w + 'k' + kh + 'x' + kw + 's' + stride + 'p' + pad + mode,
                () -> Windows.im2col(c, h, w, kh, kw, stride, pad, mode));
    }

    static IndexMap pool(int c, int h, int w, int k, int stride, int pad) {
        return cached("pool" + c + 'x' + h + 'x' + w + 'k' + k + 's' + stride + 'p' + pad, () -> Windows.pool(c, h, w, k, stride, pad));
    }

    /** Swaps the two axes of a trailing {@code [rows, cols]} block. */
    static IndexMap transposeBlock(int rows, int cols) {
        return cached("tblock" + rows + 'x' + cols, () -> {
            int[] map = new int[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) map[j * rows + i] = i * cols + j;
            return new IndexMap(new int[] {rows, cols}, new int[] {cols, rows}, map);
        });
    }
}
