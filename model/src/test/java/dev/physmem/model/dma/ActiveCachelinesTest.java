package dev.physmem.model.dma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The active-cacheline table against a plain map: overlap counts, saturation and deletion. */
class ActiveCachelinesTest {

    @Test
    void overlapSaturatesAtSevenAsTheRadixTreeTagsDo() {
        ActiveCachelines t = new ActiveCachelines();
        assertThat(t.insert(42)).isEqualTo(-1);
        for (int i = 1; i <= 7; i++) {
            assertThat(t.insert(42)).isEqualTo(i);
        }
        assertThat(t.insert(42)).isEqualTo(ActiveCachelines.MAX_OVERLAP + 1);
        assertThat(t.overlap(42)).isEqualTo(7);
        for (int i = 0; i < 8; i++) {
            t.remove(42);
        }
        assertThat(t.overlap(42)).isEqualTo(-1);
        assertThat(t.size()).isZero();
    }

    /** Keys drawn from a small range collide in the probe sequence, so deletion must shift entries back. */
    @Property(tries = 200)
    void behavesLikeAMapOfCounts(@ForAll @Size(max = 400) java.util.List<@IntRange(min = -64, max = 64) Integer> ops) {
        ActiveCachelines t = new ActiveCachelines();
        Map<Long, Integer> model = new HashMap<>();
        for (int op : ops) {
            long cln = Math.abs(op) * 1024L;
            if (op >= 0) {
                Integer had = model.get(cln);
                int r = t.insert(cln);
                if (had == null) {
                    assertThat(r).isEqualTo(-1);
                    model.put(cln, 0);
                } else {
                    model.put(cln, Math.min(had + 1, ActiveCachelines.MAX_OVERLAP));
                }
            } else {
                t.remove(cln);
                Integer had = model.get(cln);
                if (had != null) {
                    if (had == 0) {
                        model.remove(cln);
                    } else {
                        model.put(cln, had - 1);
                    }
                }
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
        for (long k = 0; k <= 64 * 1024L; k += 1024) {
            assertThat(t.overlap(k)).isEqualTo(model.getOrDefault(k, -1));
        }
    }
}
