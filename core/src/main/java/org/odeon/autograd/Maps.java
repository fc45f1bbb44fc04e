package org.odeon.autograd;

import java.util.Arrays;
import java.util.function.Supplier;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.LruCache;
import org.odeon.tensor.Windows;

/**
 * A small cache of index tables: a training loop permutes, pads and pools the same shapes
 * every step, and rebuilding a table costs more than applying it.
 */
final class Maps {
    private Maps() {}

    private static final LruCache<String, IndexMap> CACHE = new LruCache<>(512);

    private static IndexMap cached(String key, Supplier<IndexMap> make) { return CACHE.get(key, k -> make.get()); }

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

    static IndexMap pool(int c, int h, int w, int k, int stride, int pad) {
        return cached("pool" + c + 'x' + h + 'x' + w + 'k' + k + 's' + stride + 'p' + pad, () -> Windows.pool(c, h, w, k, stride, pad));
    }
}
