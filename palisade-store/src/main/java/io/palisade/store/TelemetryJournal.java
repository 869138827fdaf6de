package io.palisade.store;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.store.TelemetryRepository;
import io.palisade.core.telemetry.TelemetryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable, fast telemetry ingest: a write-ahead journal in front of the telemetry table.
 *
 * <p>{@link #store} returns once its record is written to the journal file (group commit: concurrent callers share
 * one write), which survives a killed process; the broker may then acknowledge the QoS 1 publish. An applier thread
 * moves journaled records into the {@link TelemetryRepository} in large batches — each batch together with its last
 * journal sequence number in one transaction — and forces the store to disk about once a second, after which the
 * journal segments it covers are deleted. On start, entries newer than the store's applied sequence are replayed, so
 * every acknowledged record is stored exactly once.
 *
 * <p>Entry format (big-endian): {@code int length, int crc32c(body), body = long seq, short idLen, id, long epochSecond,
 * int nano, short channelLen, channel, int payloadLen, payload}. A torn or corrupt tail (a crash mid-write) ends a
 * segment; those entries were never acknowledged.
 */
public final class TelemetryJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryJournal.class);
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int MAX_WRITE_BATCH = 4096;
    private static final int MAX_APPLY_BATCH = 5000;
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_ENTRY = 1 << 20;

    private record Pending(TelemetryRecord record, CompletableFuture<Void> done) {
    }

    private record Journaled(List<TelemetryRecord> records, long lastSeq) {
    }

    private record Segment(Path file, long lastSeq) {
    }

    private final Path dir;
    private final TelemetryRepository repository;
    private final BlockingQueue<Pending> incoming = new ArrayBlockingQueue<>(50_000);
    private final BlockingQueue<Journaled> toApply = new ArrayBlockingQueue<>(256);
    private final Deque<Segment> closedSegments = new ArrayDeque<>();
    private final Thread writer;
    private final Thread applier;
    private volatile boolean accepting = true;
    private volatile boolean writerDone;
    private volatile boolean drained;
    private FileChannel channel;
    private Path currentFile;
    private long currentBytes;
    private long nextSeq;

    private TelemetryJournal(Path dir, TelemetryRepository repository, long nextSeq) {
        this.dir = dir;
        this.repository = repository;
        this.nextSeq = nextSeq;
        openSegment();
        this.writer = Thread.ofPlatform().name("telemetry-journal").daemon(true).start(this::writeLoop);
        this.applier = Thread.ofPlatform().name("telemetry-applier").daemon(true).start(this::applyLoop);
    }

    /** Opens the journal in {@code dir}, replaying into {@code repository} whatever a previous run acknowledged but did not store. */
    public static TelemetryJournal open(Path dir, TelemetryRepository repository) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the telemetry journal directory " + dir, e);
        }
        long next = replay(dir, repository) + 1;
        return new TelemetryJournal(dir, repository, next);
    }

    /** Journals the record; returns when it is on file. Fails (the publish must not be acknowledged) when it is not. */
    public void store(TelemetryRecord record) {
        if (!accepting) {
            throw new PalisadeException(ErrorCode.INTERNAL, "telemetry journal is closed");
        }
        Pending p = new Pending(record, new CompletableFuture<>());
        try {
            if (!incoming.offer(p, 5, TimeUnit.SECONDS)) {
                throw new PalisadeException(ErrorCode.RATE_LIMITED, "telemetry ingest overloaded");
            }
            p.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PalisadeException(ErrorCode.INTERNAL, "interrupted while journaling telemetry", e);
        } catch (ExecutionException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "telemetry journal write failed", e.getCause());
        } catch (TimeoutException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "telemetry journal write timed out", e);
        }
    }

    // ---- writer ----------------------------------------------------------------------------------------

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_WRITE_BATCH);
        try {
            while (accepting || !incoming.isEmpty()) {
                Pending first = incoming.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                incoming.drainTo(batch, MAX_WRITE_BATCH - 1);
                writeBatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerDone = true;
        }
    }

    private void writeBatch(List<Pending> batch) throws InterruptedException {
        List<TelemetryRecord> records = new ArrayList<>(batch.size());
        long last;
        try {
            ByteBuffer buf = ByteBuffer.allocate(batch.stream().mapToInt(p -> encodedSize(p.record())).sum());
            long seq = nextSeq;
            for (Pending p : batch) {
                encode(buf, seq++, p.record());
                records.add(p.record());
            }
            buf.flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            last = seq - 1;
            nextSeq = seq;
            currentBytes += buf.limit();
        } catch (IOException | RuntimeException e) {
            LOG.error("telemetry journal write failed; {} publishes are not acknowledged: {}", batch.size(), e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        batch.forEach(p -> p.done().complete(null));
        toApply.put(new Journaled(records, last));
        if (currentBytes >= SEGMENT_BYTES) {
            rotate(last);
        }
    }

    private void rotate(long lastSeq) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing journal segment {} failed: {}", currentFile, e.toString());
        }
        synchronized (closedSegments) {
            closedSegments.add(new Segment(currentFile, lastSeq));
        }
        openSegment();
    }

    private void openSegment() {
        currentFile = dir.resolve(String.format("telemetry-%020d.journal", nextSeq));
        try {
            channel = FileChannel.open(currentFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            currentBytes = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open telemetry journal segment " + currentFile, e);
        }
    }

    // ---- applier ---------------------------------------------------------------------------------------

    private void applyLoop() {
        long lastFlush = System.nanoTime();
        long appliedNotFlushed = -1;
        List<Journaled> batches = new ArrayList<>();
        while (!(writerDone && toApply.isEmpty())) {
            try {
                Journaled first = toApply.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batches.add(first);
                    int n = first.records().size();
                    while (n < MAX_APPLY_BATCH && toApply.peek() != null) {
                        Journaled next = toApply.poll();
                        batches.add(next);
                        n += next.records().size();
                    }
                    List<TelemetryRecord> all = new ArrayList<>(n);
                    batches.forEach(b -> all.addAll(b.records()));
                    long last = batches.get(batches.size() - 1).lastSeq();
                    applyWithRetry(all, last);
                    appliedNotFlushed = last;
                    batches.clear();
                }
                if (appliedNotFlushed > 0 && System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS) {
                    flushAndTrim(appliedNotFlushed);
                    appliedNotFlushed = -1;
                    lastFlush = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        drained = appliedNotFlushed <= 0 || flushAndTrim(appliedNotFlushed);
    }

    private void applyWithRetry(List<TelemetryRecord> records, long lastSeq) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                repository.appendJournaled(records, lastSeq);
                return;
            } catch (RuntimeException e) {
                // the records are safe in the journal; keep trying (and replay covers a restart)
                LOG.error("applying {} journaled telemetry records failed (attempt {}), retrying: {}", records.size(), attempt, e.toString());
                Thread.sleep(Math.min(5000, 200L * attempt));
            }
        }
    }

    private boolean flushAndTrim(long durableSeq) {
        try {
            repository.flush();
        } catch (RuntimeException e) {
            LOG.warn("flushing the telemetry store failed; journal kept: {}", e.toString());
            return false;
        }
        synchronized (closedSegments) {
            while (!closedSegments.isEmpty() && closedSegments.peek().lastSeq() <= durableSeq) {
                Path f = closedSegments.poll().file();
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warn("cannot delete applied journal segment {}: {}", f, e.toString());
                }
            }
        }
        return true;
    }

    // ---- encoding and replay ---------------------------------------------------------------------------------

    private static int encodedSize(TelemetryRecord r) {
        return 8 + 8 + 2 + utf8(r.deviceId().value()).length + 8 + 4 + 2 + utf8(r.channel()).length + 4 + utf8(r.payload()).length;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void encode(ByteBuffer buf, long seq, TelemetryRecord r) {
        byte[] id = utf8(r.deviceId().value());
        byte[] ch = utf8(r.channel());
        byte[] payload = utf8(r.payload());
        int bodyLen = 8 + 2 + id.length + 8 + 4 + 2 + ch.length + 4 + payload.length;
        int start = buf.position();
        buf.putInt(bodyLen).putInt(0);
        int body = buf.position();
        buf.putLong(seq).putShort((short) id.length).put(id).putLong(r.receivedAt().getEpochSecond()).putInt(r.receivedAt().getNano())
                .putShort((short) ch.length).put(ch).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), body, bodyLen);
        buf.putInt(start + 4, (int) crc.getValue());
    }

    /** A decoded journal entry. */
    record Entry(long seq, TelemetryRecord record) {
    }

    /** Reads the valid entries of one segment, stopping at a torn or corrupt tail. */
    static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        while (all.remaining() >= 8) {
            int len = all.getInt();
            int crcValue = all.getInt();
            if (len < 40 || len > MAX_ENTRY || len > all.remaining()) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all.array(), all.position(), len);
            if ((int) crc.getValue() != crcValue) {
                break;
            }
            ByteBuffer b = all.slice(all.position(), len);
            all.position(all.position() + len);
            try {
                long seq = b.getLong();
                String id = string(b, Short.toUnsignedInt(b.getShort()));
                Instant at = Instant.ofEpochSecond(b.getLong(), b.getInt());
                String channel = string(b, Short.toUnsignedInt(b.getShort()));
                String payload = string(b, b.getInt());
                out.add(new Entry(seq, new TelemetryRecord(0, DeviceId.of(id), at, channel, payload)));
            } catch (RuntimeException e) {
                break;
            }
        }
        return out;
    }

    private static String string(ByteBuffer b, int len) {
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Replays every segment's entries newer than the store's applied sequence; returns the highest sequence seen. */
    private static long replay(Path dir, TelemetryRepository repository) {
        long applied = repository.appliedJournalSeq();
        long highest = applied;
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the telemetry journal " + dir, e);
        }
        long replayed = 0;
        try {
            List<TelemetryRecord> batch = new ArrayList<>();
            long batchLast = 0;
            for (Path seg : segments) {
                for (Entry e : read(seg)) {
                    highest = Math.max(highest, e.seq());
                    if (e.seq() <= applied) {
                        continue;
                    }
                    batch.add(e.record());
                    batchLast = e.seq();
                    if (batch.size() >= MAX_APPLY_BATCH) {
                        repository.appendJournaled(batch, batchLast);
                        replayed += batch.size();
                        batch = new ArrayList<>();
                    }
                }
            }
            if (!batch.isEmpty()) {
                repository.appendJournaled(batch, batchLast);
                replayed += batch.size();
            }
            repository.flush();
            for (Path seg : segments) {
                Files.delete(seg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the telemetry journal " + dir, e);
        }
        if (replayed > 0) {
            LOG.info("telemetry journal: replayed {} acknowledged records that were not yet in the store", replayed);
        }
        return highest;
    }

    /** Stops accepting, writes and applies everything pending, forces the store and removes the journal. */
    @Override
    public void close() {
        accepting = false;
        try {
            writer.join(30_000);
            applier.join(60_000);
            channel.close();
            if (!applier.isAlive() && drained) {
                List<Path> left;
                try (Stream<Path> s = Files.list(dir)) {
                    left = s.filter(p -> p.getFileName().toString().endsWith(".journal")).toList();
                }
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the telemetry journal: {}", e.toString());
        }
    }
}
