package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.device.DeviceId;
import io.palisade.core.telemetry.TelemetryRecord;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryJournalTest {
    @TempDir
    Path tmp;

    static TelemetryRecord rec(String id, int n) {
        return new TelemetryRecord(0, DeviceId.of(id), Instant.parse("2026-11-22T05:00:00Z").plusMillis(n), "telemetry", "{\"n\":" + n + ",\"s\":\"é\"}");
    }

    static int n(TelemetryRecord r) {
        return Integer.parseInt(r.payload().replaceAll("[^0-9]", ""));
    }

    @Test
    void concurrentStoresAreAllAppliedAndTheJournalIsRemovedOnClose() throws Exception {
        try (JdbcStore store = JdbcStore.h2(tmp.resolve("db"))) {
            seedModelAndDevice(store, "d1");
            TelemetryJournal j = TelemetryJournal.open(tmp.resolve("journal"), store.telemetry());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int k = i;
                fs.add(pool.submit(() -> j.store(rec("d1", k))));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            j.close();
            assertThat(store.telemetry().count(DeviceId.of("d1"))).isEqualTo(2000);
            assertThat(store.telemetry().appliedJournalSeq()).isEqualTo(2000);
            try (var files = Files.list(tmp.resolve("journal"))) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    @Test
    void replayAppliesAcknowledgedEntriesExactlyOnceAndIgnoresATornTail() throws Exception {
        try (JdbcStore store = JdbcStore.h2(tmp.resolve("db"))) {
            seedModelAndDevice(store, "d1");
            // entries 1..4 already reached the store before the "crash"
            List<TelemetryRecord> first = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                first.add(rec("d1", i));
            }
            store.telemetry().appendJournaled(first, 4);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (int i = 1; i <= 10; i++) {
                TelemetryJournal.encode(buf, i, rec("d1", i));
            }
            int good = buf.position();
            TelemetryJournal.encode(buf, 11, rec("d1", 11));
            Files.createDirectories(tmp.resolve("journal"));
            // a torn write: entry 11 only half on disk
            Files.write(tmp.resolve("journal").resolve("telemetry-00000000000000000001.journal"),
                    java.util.Arrays.copyOf(buf.array(), good + (buf.position() - good) / 2));

            TelemetryJournal j = TelemetryJournal.open(tmp.resolve("journal"), store.telemetry());
            List<TelemetryRecord> all = store.telemetry().query(DeviceId.of("d1"), Instant.EPOCH, Instant.now().plusSeconds(3600), 100);
            assertThat(all.stream().map(TelemetryJournalTest::n).toList()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            // new entries continue after the highest sequence seen
            j.store(rec("d1", 12));
            j.close();
            assertThat(store.telemetry().appliedJournalSeq()).isEqualTo(11);
            assertThat(store.telemetry().count(DeviceId.of("d1"))).isEqualTo(11);
        }
    }

    @Property(tries = 200)
    void corruptSegmentsNeverThrowWhileReading(@ForAll @Size(max = 4096) byte[] garbage) throws Exception {
        Path dir = Files.createTempDirectory("journal-fuzz");
        Path f = dir.resolve("telemetry-00000000000000000001.journal");
        ByteBuffer buf = ByteBuffer.allocate(8192);
        TelemetryJournal.encode(buf, 1, rec("d1", 1));
        byte[] valid = java.util.Arrays.copyOf(buf.array(), buf.position());
        byte[] content = new byte[valid.length + garbage.length];
        System.arraycopy(valid, 0, content, 0, valid.length);
        System.arraycopy(garbage, 0, content, valid.length, garbage.length);
        Files.write(f, content);
        List<TelemetryJournal.Entry> entries = TelemetryJournal.read(f);
        assertThat(entries).isNotEmpty();
        assertThat(entries.get(0).seq()).isEqualTo(1);
        Files.write(f, garbage);
        TelemetryJournal.read(f);
    }

    private static void seedModelAndDevice(JdbcStore store, String id) {
        store.transaction(r -> {
            r.models().insert(new io.palisade.core.device.DeviceModel("m", "Acme", java.time.YearMonth.of(2030, 1), null,
                    io.palisade.core.device.RiskProfile.CONSUMER, Instant.now()));
            r.devices().insert(new io.palisade.core.device.Device(DeviceId.of(id), "m", io.palisade.core.device.LifecycleState.ACTIVE,
                    null, null, Instant.now(), Instant.now()));
            return null;
        });
    }
}
