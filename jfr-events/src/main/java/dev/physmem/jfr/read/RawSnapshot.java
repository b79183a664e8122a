package dev.physmem.jfr.read;

import java.time.Instant;
import java.util.List;

/** The rows of one capture, assembled into the model's records only when someone wants them. */
record RawSnapshot(SnapshotKind kind, Instant time, List<SnapshotRow> rows) {}
