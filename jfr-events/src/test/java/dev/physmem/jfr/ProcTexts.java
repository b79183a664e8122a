package dev.physmem.jfr;

import dev.physmem.jfr.read.ProcFile;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;
import java.util.EnumMap;
import java.util.Map;

/** What the live machine prints for each /proc file right now, by the model's own renderers. */
final class ProcTexts {
    private ProcTexts() {}

    static Map<ProcFile, String> render(Machine m) {
        Map<ProcFile, String> t = new EnumMap<>(ProcFile.class);
        t.put(ProcFile.MEMINFO, MemInfo.render(MemInfo.capture(m)));
        t.put(ProcFile.VMSTAT, VmStatFile.render(VmStatFile.capture(m)));
        t.put(ProcFile.ZONEINFO, ZoneInfo.render(ZoneInfo.capture(m)));
        t.put(ProcFile.BUDDYINFO, BuddyInfo.render(FreeAreas.capture(m)));
        t.put(ProcFile.PAGETYPEINFO, PageTypeInfo.render(FreeAreas.capture(m)));
        t.put(ProcFile.PAGE_TYPES, PageTypes.render(PageTypes.capture(m, false)));
        return t;
    }
}
