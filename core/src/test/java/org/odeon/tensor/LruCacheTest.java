package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test void buildsEachKeyOnceAndDropsTheLeastRecentlyUsed() {
        List<Integer> built = new ArrayList<>();
        LruCache<Integer, String> cache = new LruCache<>(2);
        java.util.function.Function<Integer, String> make = k -> { built.add(k); return "v" + k; };
        assertEquals("v1", cache.get(1, make));
        assertEquals("v2", cache.get(2, make));
        assertEquals("v1", cache.get(1, make));     // hit: 1 is now the most recent
        assertEquals("v3", cache.get(3, make));     // evicts 2
        assertEquals("v1", cache.get(1, make));
        assertEquals("v2", cache.get(2, make));     // rebuilt
        assertEquals(List.of(1, 2, 3, 2), built);
    }

    @Test void aCacheNeedsRoomForOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> new LruCache<Integer, Integer>(0));
    }
}
