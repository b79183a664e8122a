package dev.physmem.model.mmzone;

import java.util.List;

/**
 * {@code struct zonelist}: the zones an allocation may fall back to, built by build_zonerefs_node():
 * the local node's populated zones from the highest index down, then each other node's in distance
 * order. An allocation only walks zones at or below its highest_zoneidx.
 */
public final class Zonelist {
    private final Zone[] zones;

    public Zonelist(List<Zone> zones) {
        this.zones = zones.toArray(new Zone[0]);
    }

    public int size() {
        return zones.length;
    }

    public Zone get(int i) {
        return zones[i];
    }

    /** first_zones_zonelist(): index of the first zone usable for highest_zoneidx, or -1. */
    public int first(int highestZoneIdx) {
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].zoneIdx <= highestZoneIdx) {
                return i;
            }
        }
        return -1;
    }
}
