package dev.physmem.jfr.read;

import java.time.Instant;
import java.util.List;

/**
 * What one pass over a recording saw.
 *
 * @param events         events read, of every kind
 * @param physmemEvents  the {@code dev.physmem.*} ones among them
 * @param first          the earliest event time
 * @param last           the latest event time
 * @param skipped        one line per part of the recording that could not be read
 * @param droppedCaptures snapshots left out because the end of the recording cut them short
 */
public record ReadSummary(long events, long physmemEvents, Instant first, Instant last, List<String> skipped,
                          int droppedCaptures) {}
