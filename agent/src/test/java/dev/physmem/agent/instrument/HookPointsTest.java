package dev.physmem.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HookPointsTest {
    /** The cheap list the transformer filters on names exactly the classes the hook points instrument. */
    @Test
    void theClassListIsTheHookPointsClasses() {
        assertThat(HookPoints.CLASSES).containsExactlyInAnyOrderElementsOf(
                HookPoints.all().stream().map(HookPoint::className).collect(Collectors.toSet()));
    }
}
