package dev.physmem.jfr.read;

import java.time.Instant;
import java.util.List;

/**
 * What one pass over a recording saw.
 *
 * @param events         events read: those asked for, snapshot rows included
 * @param first          the earliest event time
 * @param last           the latest event time
 * @param skipped        one line per part of the recording that could not be read
 * @param droppedCaptures snapshots left out because the end of the recording cut them short
 */
public record ReadSummary(long events, Instant first, Instant last, List<String> skipped,
                          int droppedCaptures) {}
