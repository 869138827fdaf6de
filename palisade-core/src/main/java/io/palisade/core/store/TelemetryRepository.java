package io.palisade.core.store;

import io.palisade.core.device.DeviceId;
import io.palisade.core.telemetry.TelemetryRecord;
import java.time.Instant;
import java.util.List;

/** High-volume telemetry store; thread-safe; each append is committed (durable) when it returns. */
public interface TelemetryRepository {
    /** Stores the record (its id is ignored) and returns the assigned id. */
    long append(TelemetryRecord record);

    /** Appends many in one commit; durable when it returns. */
    void appendAll(List<TelemetryRecord> records);

    /**
     * Ingest-journal path: appends the batch and records {@code journalSeq} as the highest applied journal entry, in
     * one transaction, WITHOUT forcing it to disk (the journal holds it until {@link #flush()}).
     */
    void appendJournaled(List<TelemetryRecord> records, long journalSeq);

    /** The highest journal sequence number applied by {@link #appendJournaled} (0 if none). */
    long appliedJournalSeq();

    /** Forces everything committed so far to durable storage (H2: CHECKPOINT; PostgreSQL commits are durable). */
    void flush();

    /** Records of one device with from &lt;= receivedAt &lt; to, oldest first, at most limit. */
    List<TelemetryRecord> query(DeviceId id, Instant from, Instant to, int limit);

    long count(DeviceId id);

    /** Deletes every stored message of one device (the owner's right to erase their data); returns how many. */
    long deleteByDevice(DeviceId id);
}
