package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
    /** Equal but distinct keys are different entries: the map knows JDK objects by identity. */
    @Test
    void keysAreIdentitiesNotValues() {
        WeakIdentityMap<String> m = new WeakIdentityMap<>(v -> {});
        String a = new String("fd");
        String b = new String("fd");
        assertThat(m.putIfAbsent(a, "A")).isEqualTo("A");
        assertThat(m.putIfAbsent(a, "A2")).isEqualTo("A");
        assertThat(m.putIfAbsent(b, "B")).isEqualTo("B");
        assertThat(m.get(a)).isEqualTo("A");
        assertThat(m.get(b)).isEqualTo("B");
        assertThat(m.remove(a)).isEqualTo("A");
        assertThat(m.get(a)).isNull();
        assertThat(m.get(b)).isEqualTo("B");
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void survivesGrowthAndRemovalInsideChains() {
        WeakIdentityMap<Integer> m = new WeakIdentityMap<>(v -> {});
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Object k = new Object();
            keys.add(k);
            m.putIfAbsent(k, i);
        }
        for (int i = 0; i < 5000; i += 2) {
            assertThat(m.remove(keys.get(i))).isEqualTo(i);
        }
        for (int i = 0; i < 5000; i++) {
            assertThat(m.get(keys.get(i))).isEqualTo(i % 2 == 0 ? null : i);
        }
        assertThat(m.size()).isEqualTo(2500);
    }

    /** A stream the application drops without closing is forgotten once collected, and the owner hears of it. */
    @Test
    void collectedKeysAreReportedOnce() throws InterruptedException {
        List<Integer> collected = new ArrayList<>();
        WeakIdentityMap<Integer> m = new WeakIdentityMap<>(collected::add);
        for (int i = 0; i < 100; i++) {
            m.putIfAbsent(new Object(), i);
        }
        Object kept = new Object();
        m.putIfAbsent(kept, -1);
        for (int round = 0; round < 50 && collected.size() < 100; round++) {
            System.gc();
            Thread.sleep(20);
            m.putIfAbsent(new Object(), 1000 + round); // any write expunges what the collector cleared
        }
        assertThat(collected).containsAll(java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(collected).doesNotHaveDuplicates().doesNotContain(-1);
        assertThat(m.get(kept)).isEqualTo(-1);
    }
}
