package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A permutation's table covers only the axes after those that stay in place (the rest is the map's batch):
 * every permutation of a rank-4 array moves each element where the index arithmetic says, and its adjoint
 * is the inverse permutation, in both types.
 */
class PermuteTableTest {

    private static void permutations(int[] a, int k, List<int[]> out) {
        if (k == a.length) { out.add(a.clone()); return; }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permutations(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }

    @Test void everyPermutationOfARank4ArrayMovesEachElementAndItsAdjointMovesItBack() {
        int[] shape = {2, 3, 4, 5};
        List<int[]> all = new ArrayList<>();
        permutations(new int[] {0, 1, 2, 3}, 0, all);
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            NDArray x = new Rng(8).normal(t, 0, 1, shape);
            for (int[] axes : all) {
                IndexMap p = IndexMap.permute(shape, axes);
                NDArray y = p.apply(x);
                int[] ys = y.shape();
                for (int i = 0; i < 4; i++) assertEquals(shape[axes[i]], ys[i], "extent " + i + " of " + java.util.Arrays.toString(axes));
                int[] at = new int[4], src = new int[4];
                for (int i0 = 0; i0 < ys[0]; i0++) for (int i1 = 0; i1 < ys[1]; i1++) for (int i2 = 0; i2 < ys[2]; i2++) for (int i3 = 0; i3 < ys[3]; i3++) {
                    at[0] = i0; at[1] = i1; at[2] = i2; at[3] = i3;
                    for (int i = 0; i < 4; i++) src[axes[i]] = at[i];
                    assertEquals(x.get(src), y.get(at), 0.0, java.util.Arrays.toString(axes) + " at " + java.util.Arrays.toString(at));
                }
                assertArrayEquals(x.toArray(), p.adjoint(y).toArray(), 0.0, "adjoint of " + java.util.Arrays.toString(axes));
                assertEquals(t, p.adjoint(y).dtype());
            }
        }
    }
}
