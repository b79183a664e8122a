package dev.physmem.jfr.events;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

/** An event that can flood under pressure, with the {@code ratelimit} setting ({@link Ratelimit}). */
public abstract class RatelimitedEvent extends Event {
    @SettingDefinition
    @Name("ratelimit")
    @Label("Rate Limit")
    @Description("At most this many events per interval, e.g. 100/s; off records all")
    protected boolean ratelimit(Ratelimit limit) {
        return limit.allow();
    }
}
