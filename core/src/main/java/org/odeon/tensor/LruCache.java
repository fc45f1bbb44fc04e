package org.odeon.tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache that drops the least recently used entry: for index tables, which
 * a training loop asks for with the same shapes every step and which cost more to build than to
 * use. Values are built outside the lock; two threads missing at once both build, and one wins.
 */
public final class LruCache<K, V> {
    private final Map<K, V> entries;

    public LruCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<K, V> e) { return size() > capacity; }
        };
    }

    /** The value for {@code key}, built by {@code make} on a miss. */
    public V get(K key, Function<K, V> make) {
        synchronized (entries) {
            V v = entries.get(key);
            if (v != null) return v;
        }
        V v = make.apply(key);
        synchronized (entries) { entries.put(key, v); }
        return v;
    }
}
