package dev.physmem.jfr.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RatelimitTest {

    /** Two recordings asking different limits both get what they asked for at least. */
    @Test
    void concurrentRecordingsGetTheMostPermissiveLimit() {
        Ratelimit r = new Ratelimit();
        assertThat(r.combine(Set.of("10/s", "100/s"))).isEqualTo("100/s");
        assertThat(r.combine(Set.of("1000/m", "10/s"))).isEqualTo("1000/m");
        assertThat(r.combine(Set.of("10/s", "off"))).isEqualTo("off");
        assertThat(r.combine(Set.of())).isEqualTo("off");
    }

    @Test
    void aBurstPerIntervalThenNothingUntilTheNextInterval() {
        Ratelimit r = new Ratelimit();
        r.setValue("3/h");
        assertThat(new boolean[] {r.allow(), r.allow(), r.allow(), r.allow(), r.allow()})
                .containsExactly(true, true, true, false, false);
        r.setValue("off");
        assertThat(r.allow()).isTrue();
        assertThat(r.getValue()).isEqualTo("off");
    }

    /** JFR never refuses a setting value, so one that cannot be read limits nothing. */
    @Test
    void unreadableValuesLimitNothing() {
        for (String v : new String[] {"fast", "10", "10/fortnight", "-1/s", "/s"}) {
            assertThat(Ratelimit.parse(v)).as(v).isNull();
        }
        assertThat(Ratelimit.parse("100/ms")).containsExactly(100, 1_000_000);
        assertThat(Ratelimit.parse("5 / s")).containsExactly(5, 1_000_000_000);
    }
}
