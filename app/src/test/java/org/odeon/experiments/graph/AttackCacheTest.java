package org.odeon.experiments.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.graph.Csbm;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.models.graph.attack.EdgeFlips;
import org.odeon.models.graph.attack.RandomAttacks;

/** Cached attack flips come back exactly; a file that is corrupt or belongs to other settings is a one-line error naming it. */
class AttackCacheTest {
    @TempDir Path tmp;

    static final Graph G = Csbm.ofDegrees(60, 2, 4, 1, 5, 2).sample(1);
    static final Split SPLIT = Split.random(60, 0.1, 0.1, 2);

    private static List<EdgeFlips> twoLists() {
        return List.of(RandomAttacks.dice(G, 12, 3), RandomAttacks.randomFlips(G, 7, 4));
    }

    private static List<EdgeFlips> never() { throw new AssertionError("a cached attack must not be recomputed"); }

    @Test void aCachedAttackIsReadBackPairForPairInOrderWithoutRecomputing() throws Exception {
        AttackCache cache = new AttackCache(tmp);
        var first = cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::twoLists);
        assertFalse(first.reused());
        assertTrue(Files.isRegularFile(first.file()) && first.file().getFileName().toString().startsWith("dice-"));
        var again = cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::never);
        assertTrue(again.reused());
        assertEquals(first.file(), again.file());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(first.flips().get(l).pairs(), again.flips().get(l).pairs());
            assertArrayEquals(first.flips().get(l).apply(G.adjacency()).toDense().data(), again.flips().get(l).apply(G.adjacency()).toDense().data(), "the attacked graph is identical");
        }
    }

    @Test void anySettingGraphOrSplitChangeIsAnotherKey() throws Exception {
        byte[] k = AttackCache.key("metattack budget=12", G, SPLIT);
        assertArrayEquals(k, AttackCache.key("metattack budget=12", G, SPLIT));
        assertFalse(java.util.Arrays.equals(k, AttackCache.key("metattack budget=13", G, SPLIT)));
        assertFalse(java.util.Arrays.equals(k, AttackCache.key("metattack budget=12", G, Split.random(60, 0.1, 0.1, 3))));
        assertFalse(java.util.Arrays.equals(k, AttackCache.key("metattack budget=12", G.withFeatures(G.features().mul(1.5)), SPLIT)));
        assertFalse(java.util.Arrays.equals(k, AttackCache.key("metattack budget=12", Csbm.ofDegrees(60, 2, 4, 1, 5, 2).sample(2), SPLIT)));
    }

    @Test void aCorruptOrMismatchedCacheFileIsAOneLineErrorNamingIt() throws Exception {
        AttackCache cache = new AttackCache(tmp);
        Path file = cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::twoLists).file();
        byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));            // truncated
        var corrupt = assertThrows(ExperimentException.class, () -> cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::never));
        assertTrue(corrupt.getMessage().contains(file.toString()) && corrupt.getMessage().contains("unreadable") && !corrupt.getMessage().contains("\n"), corrupt.getMessage());

        Files.write(file, good);
        var lists = assertThrows(ExperimentException.class, () -> cache.flips("dice", "dice budget=12", G, SPLIT, 3, AttackCacheTest::never));
        assertTrue(lists.getMessage().contains("holds 2 flip lists, expected 3"), lists.getMessage());

        // another attack's file under this attack's name: the key inside tells them apart
        Path other = cache.flips("dice", "dice budget=13", G, SPLIT, 2, AttackCacheTest::twoLists).file();
        assertNotEquals(file, other);
        Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var mismatch = assertThrows(ExperimentException.class, () -> cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::never));
        assertTrue(mismatch.getMessage().contains("key differs") && mismatch.getMessage().contains("delete it to recompute"), mismatch.getMessage());

        Files.delete(file);                                                            // deleting it recomputes
        assertFalse(cache.flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::twoLists).reused());
    }

    @Test void withoutACacheFolderEveryAttackIsComputed() throws Exception {
        var got = new AttackCache(null).flips("dice", "dice budget=12", G, SPLIT, 2, AttackCacheTest::twoLists);
        assertFalse(got.reused());
        assertNull(got.file());
        try (Stream<Path> s = Files.list(tmp)) { assertEquals(0, s.count()); }
    }

    @Test void aSecondRunReadsEveryAttackFromTheCacheAndMeasuresTheSame() throws Exception {
        Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        Path cache = tmp.resolve("cache");
        Map<String, String> set = Map.of("nodes", "120", "seeds", "1", "epochs", "20", "model", "gcn,contractive", "attack", "metattack,dice,nettack",
                "rates", "0,0.2", "metaInnerSteps", "5", "metaFlipsPerStep", "4", "edgeSharpness", "1", "cache", cache.toString());
        var first = runner.run(new GraphRobustness(), Scale.QUICK, 1, set, tmp.resolve("run1"), false);
        List<Path> files;
        try (Stream<Path> s = Files.list(cache)) { files = s.sorted().toList(); }
        assertEquals(3, files.size(), files.toString());
        long[] modified = files.stream().mapToLong(f -> f.toFile().lastModified()).toArray();
        var second = runner.run(new GraphRobustness(), Scale.QUICK, 1, set, tmp.resolve("run2"), false);
        for (String k : first.metrics().keySet())
            if (k.startsWith("accuracy_") || k.startsWith("flips_") || k.startsWith("contractive_edge_weight"))
                assertEquals(first.metrics().get(k), second.metrics().get(k), 0, k);
        try (Stream<Path> s = Files.list(cache)) { assertEquals(files, s.sorted().toList()); }
        for (int i = 0; i < files.size(); i++) assertEquals(modified[i], files.get(i).toFile().lastModified(), "not rewritten: " + files.get(i));
        String log = Files.readString(second.folder().resolve("run.log"));
        assertEquals(3, log.lines().filter(l -> l.contains("flips read from")).count(), log);
    }
}
