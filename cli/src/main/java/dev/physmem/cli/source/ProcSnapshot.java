package dev.physmem.cli.source;

import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.util.List;

/**
 * The simulated kernel's /proc files at one moment, as snapshots the model's renderers print.
 *
 * @param seconds   seconds since the start of the recording (or since the CLI connected, when live)
 * @param pageTypes the page-types summary, or null where the source has none at that moment
 */
public record ProcSnapshot(double seconds, MemInfoSnapshot meminfo, VmStatSnapshot vmstat,
                           List<ZoneInfoSnapshot> zoneinfo, List<ZoneFreeArea> freeAreas,
                           List<PageTypes.Row> pageTypes) {}
