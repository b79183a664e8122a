package dev.physmem.model.filemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.page.MemMap;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class XArrayTest {

    @Test
    void storesLoadsAndErasesAcrossGrowingHeights() {
        XArray xa = new XArray();
        assertThat(xa.load(0)).isEqualTo(MemMap.NONE);
        xa.store(5, 100);
        xa.store(64, 101);
        xa.store(1L << 20, 102);
        assertThat(xa.load(5)).isEqualTo(100);
        assertThat(xa.load(64)).isEqualTo(101);
        assertThat(xa.load(1L << 20)).isEqualTo(102);
        assertThat(xa.load(6)).isEqualTo(MemMap.NONE);
        assertThat(xa.size()).isEqualTo(3);
        assertThat(xa.findPresent(6)).isEqualTo(64);
        assertThat(xa.findPresent(65)).isEqualTo(1L << 20);
        assertThat(xa.lastPresent()).isEqualTo(1L << 20);
        assertThat(xa.erase(64)).isEqualTo(101);
        assertThat(xa.findPresent(6)).isEqualTo(1L << 20);
        assertThat(xa.erase(5)).isEqualTo(100);
        assertThat(xa.lastPresent()).isEqualTo(1L << 20);
        assertThat(xa.erase(1L << 20)).isEqualTo(102);
        assertThat(xa.isEmpty()).isTrue();
        assertThat(xa.lastPresent()).isEqualTo(-1);
        assertThat(xa.findPresent(0)).isEqualTo(-1);
    }

    @Test
    void marksPropagateUpAndClearWhenTheLastMarkedEntryGoes() {
        XArray xa = new XArray();
        for (int i = 0; i < 300; i++) {
            xa.store(i * 7L, i);
        }
        xa.setMark(7 * 200, XArray.PAGECACHE_TAG_DIRTY);
        xa.setMark(7 * 3, XArray.PAGECACHE_TAG_DIRTY);
        assertThat(xa.marked(XArray.PAGECACHE_TAG_DIRTY)).isTrue();
        assertThat(xa.marked(XArray.PAGECACHE_TAG_WRITEBACK)).isFalse();
        assertThat(xa.findMarked(0, XArray.PAGECACHE_TAG_DIRTY)).isEqualTo(21);
        assertThat(xa.findMarked(22, XArray.PAGECACHE_TAG_DIRTY)).isEqualTo(1400);
        assertThat(xa.findMarked(1401, XArray.PAGECACHE_TAG_DIRTY)).isEqualTo(-1);
        xa.clearMark(21, XArray.PAGECACHE_TAG_DIRTY);
        xa.erase(1400);
        assertThat(xa.marked(XArray.PAGECACHE_TAG_DIRTY)).isFalse();
        assertThat(xa.getMark(21, XArray.PAGECACHE_TAG_DIRTY)).isFalse();
    }

    record Op(int kind, long index, int mark) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> index = Arbitraries.oneOf(Arbitraries.longs().between(0, 200),
                Arbitraries.longs().between(0, 5000), Arbitraries.longs().between(0, Integer.MAX_VALUE));
        return Combinators.combine(Arbitraries.integers().between(0, 5), index, Arbitraries.integers().between(0, 2))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(400);
    }

    /** The tree agrees with a sorted map and sorted mark sets after any sequence of operations. */
    @Property(tries = 200)
    void behavesLikeASortedMapWithMarkSets(@ForAll("ops") List<Op> ops) {
        XArray xa = new XArray();
        TreeMap<Long, Integer> ref = new TreeMap<>();
        List<TreeSet<Long>> marks = List.of(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        int next = 1;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0, 1 -> {
                    xa.store(op.index(), next);
                    ref.put(op.index(), next++);
                }
                case 2 -> {
                    assertThat(xa.erase(op.index())).isEqualTo(ref.containsKey(op.index()) ? ref.remove(op.index()) : MemMap.NONE);
                    marks.forEach(m -> m.remove(op.index()));
                }
                case 3 -> {
                    Long k = ref.ceilingKey(op.index());
                    if (k != null) {
                        xa.setMark(k, op.mark());
                        marks.get(op.mark()).add(k);
                    }
                }
                case 4 -> {
                    xa.clearMark(op.index(), op.mark());
                    marks.get(op.mark()).remove(op.index());
                }
                default -> {
                    Long k = ref.ceilingKey(op.index());
                    assertThat(xa.findPresent(op.index())).isEqualTo(k == null ? -1 : k);
                    Long m = marks.get(op.mark()).ceiling(op.index());
                    assertThat(xa.findMarked(op.index(), op.mark())).isEqualTo(m == null ? -1 : m);
                }
            }
            assertThat(xa.size()).isEqualTo(ref.size());
            assertThat(xa.lastPresent()).isEqualTo(ref.isEmpty() ? -1 : ref.lastKey());
            assertThat(xa.load(op.index())).isEqualTo(ref.getOrDefault(op.index(), MemMap.NONE));
            for (int m = 0; m < 3; m++) {
                assertThat(xa.marked(m)).isEqualTo(!marks.get(m).isEmpty());
            }
        }
    }
}
