package io.palisade.core.store.memory;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.store.TelemetryRepository;
import io.palisade.core.telemetry.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Telemetry in memory, outside the store's write lock (thread-safe on its own). Same limits as the JDBC
 * repository: 256 KiB UTF-8 payloads, 1-128 character channels, queries of at most 10,000 rows ordered by
 * receivedAt then id; receivedAt is kept truncated to microseconds.
 */
final class MemoryTelemetryRepository implements TelemetryRepository {
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_CHANNEL_CHARS = 128;
    static final int MAX_QUERY_LIMIT = 10_000;
    private static final Comparator<TelemetryRecord> ORDER = Comparator.comparing(TelemetryRecord::receivedAt)
            .thenComparingLong(TelemetryRecord::id);

    private final Runnable ensureOpen;
    private final Map<DeviceId, List<TelemetryRecord>> byDevice = new HashMap<>();
    private long nextId = 1;
    private long appliedJournalSeq;

    MemoryTelemetryRepository(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    private static void check(TelemetryRecord r) {
        Objects.requireNonNull(r, "record");
        if (r.channel().isEmpty() || r.channel().length() > MAX_CHANNEL_CHARS) {
            throw PalisadeException.invalid("telemetry channel must be 1-" + MAX_CHANNEL_CHARS + " characters");
        }
        if (r.payload().length() > MAX_PAYLOAD_BYTES
                || (r.payload().length() * 3L > MAX_PAYLOAD_BYTES && r.payload().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES)) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "telemetry payload exceeds " + MAX_PAYLOAD_BYTES + " bytes");
        }
    }

    private long store(TelemetryRecord r) {
        long id = nextId++;
        byDevice.computeIfAbsent(r.deviceId(), k -> new ArrayList<>())
                .add(new TelemetryRecord(id, r.deviceId(), Tables.micros(r.receivedAt()), r.channel(), r.payload()));
        return id;
    }

    @Override
    public synchronized long append(TelemetryRecord record) {
        ensureOpen.run();
        check(record);
        return store(record);
    }

    @Override
    public synchronized void appendAll(List<TelemetryRecord> records) {
        Objects.requireNonNull(records, "records");
        ensureOpen.run();
        records.forEach(MemoryTelemetryRepository::check);
        records.forEach(this::store);
    }

    @Override
    public synchronized void appendJournaled(List<TelemetryRecord> records, long journalSeq) {
        Objects.requireNonNull(records, "records");
        ensureOpen.run();
        records.forEach(MemoryTelemetryRepository::check);
        if (journalSeq <= 0) {
            throw PalisadeException.invalid("journal sequence numbers start at 1");
        }
        records.forEach(this::store);
        appliedJournalSeq = Math.max(appliedJournalSeq, journalSeq);
    }

    @Override
    public synchronized long appliedJournalSeq() {
        ensureOpen.run();
        return appliedJournalSeq;
    }

    /** Nothing to force: memory is as durable as it gets. */
    @Override
    public void flush() {
        ensureOpen.run();
    }

    @Override
    public synchronized List<TelemetryRecord> query(DeviceId id, Instant from, Instant to, int limit) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit <= 0) {
            throw PalisadeException.invalid("limit must be positive");
        }
        ensureOpen.run();
        Instant lo = Tables.micros(from);
        Instant hi = Tables.micros(to);
        return byDevice.getOrDefault(id, List.of()).stream()
                .filter(r -> !r.receivedAt().isBefore(lo) && r.receivedAt().isBefore(hi))
                .sorted(ORDER)
                .limit(Math.min(limit, MAX_QUERY_LIMIT))
                .toList();
    }

    @Override
    public synchronized long count(DeviceId id) {
        Objects.requireNonNull(id, "id");
        ensureOpen.run();
        return byDevice.getOrDefault(id, List.of()).size();
    }

    @Override
    public synchronized long deleteByDevice(DeviceId id) {
        Objects.requireNonNull(id, "id");
        ensureOpen.run();
        List<TelemetryRecord> gone = byDevice.remove(id);
        return gone == null ? 0 : gone.size();
    }

    synchronized void clear() {
        byDevice.clear();
    }
}
