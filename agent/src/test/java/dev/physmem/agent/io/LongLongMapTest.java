package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LongLongMapTest {
    /** Any sequence of puts and removes leaves the map agreeing with a HashMap (deletion keeps probe runs whole). */
    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll @Size(max = 400) long[] ops, @ForAll @LongRange(min = 1, max = 64) long keySpace) {
        LongLongMap m = new LongLongMap();
        Map<Long, Long> ref = new HashMap<>();
        for (long op : ops) {
            long key = Math.floorMod(op, keySpace) * 4096 + 4096;
            if ((op & 1) == 0) {
                m.put(key, op);
                ref.put(key, op);
            } else {
                Long expected = ref.remove(key);
                assertThat(m.remove(key)).isEqualTo(expected == null ? LongLongMap.MISSING : expected);
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        for (long k = 4096; k <= keySpace * 4096; k += 4096) {
            Long expected = ref.get(k);
            assertThat(m.get(k)).isEqualTo(expected == null ? LongLongMap.MISSING : expected);
        }
    }
}
