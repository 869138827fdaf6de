package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import io.palisade.core.identity.EnrollmentToken;
import io.palisade.core.identity.ManufacturerAnchor;
import io.palisade.core.identity.RevocationReason;
import io.palisade.core.audit.AuditRepository;
import io.palisade.core.store.Store;
import io.palisade.core.telemetry.TelemetryRecord;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one contract every Store implementation passes; subclasses supply a fresh, empty store per test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StoreContractTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected Store store;

    /** A new store over an empty database. */
    protected abstract Store newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    <T> java.util.Optional<T> opt(java.util.function.Function<io.palisade.core.store.Repositories, java.util.Optional<T>> f) {
        return store.read(f);
    }

    <T> List<T> list(java.util.function.Function<io.palisade.core.store.Repositories, List<T>> f) {
        return store.read(f);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> listOf(io.palisade.core.store.Store s, java.util.function.Function<io.palisade.core.store.Repositories, List<?>> f) {
        return (List<T>) s.read(f);
    }

    static DeviceModel model(String name, String mud) {
        return new DeviceModel(name, "Acme Corp", YearMonth.of(2031, 12), mud, RiskProfile.INDUSTRIAL, T0);
    }

    static Device device(String id, String model) {
        return new Device(DeviceId.of(id), model, LifecycleState.REGISTERED, null, null, T0, T0);
    }

    static CertificateRecord cert(BigInteger serial, String device, String fp, Instant notBefore) {
        return new CertificateRecord(serial, DeviceId.of(device), fp, notBefore, notBefore.plusSeconds(86_400),
                CertificateStatus.VALID, null, null, "-----BEGIN CERTIFICATE-----\nMIIB" + serial + "\n-----END CERTIFICATE-----\n");
    }

    void seedDevices(String... ids) {
        store.transaction(r -> {
            if (r.models().find("m1").isEmpty()) {
                r.models().insert(model("m1", null));
            }
            for (String id : ids) {
                r.devices().insert(device(id, "m1"));
            }
            return null;
        });
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(PalisadeException.class)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(code));
    }

    // ---- models -------------------------------------------------------------------------------------------

    @Test
    void modelsRoundTripOrderAndConflict() {
        DeviceModel withMud = model("zeta-cam", "https://mud.example.com/zeta.json");
        DeviceModel without = new DeviceModel("alpha.sensor_1", "Beta GmbH", YearMonth.of(2028, 1), null, RiskProfile.CRITICAL, T0.plusSeconds(5));
        store.transaction(r -> {
            r.models().insert(withMud);
            r.models().insert(without);
            return null;
        });
        assertThat(opt(r -> r.models().find("zeta-cam"))).contains(withMud);
        assertThat(opt(r -> r.models().find("alpha.sensor_1"))).contains(without);
        assertThat(opt(r -> r.models().find("nope"))).isEmpty();
        assertThat(list(r -> r.models().list())).containsExactly(without, withMud);
        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.models().insert(model("zeta-cam", null));
            return null;
        }));
        assertThat(opt(r -> r.models().find("zeta-cam"))).contains(withMud);
    }

    @Test
    void telemetrySchemasPutReplaceFindRemove() {
        store.transaction(r -> {
            r.models().insert(model("thermo", null));
            return null;
        });
        String schema = "{\"type\":\"object\",\"description\":\"" + "é".repeat(1000) + "\"}";
        store.transaction(r -> {
            r.telemetrySchemas().put("thermo", "{}", T0);
            r.telemetrySchemas().put("thermo", schema, T0.plusSeconds(1));
            return null;
        });
        assertThat(opt(r -> r.telemetrySchemas().find("thermo"))).contains(schema);
        assertThat(opt(r -> r.telemetrySchemas().find("nope"))).isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> store.transaction(r -> {
            r.telemetrySchemas().put("nope", "{}", T0);
            return null;
        }));
        boolean first = store.transaction(r -> r.telemetrySchemas().remove("thermo"));
        boolean second = store.transaction(r -> r.telemetrySchemas().remove("thermo"));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(opt(r -> r.telemetrySchemas().find("thermo"))).isEmpty();
    }

    // ---- devices ------------------------------------------------------------------------------------------

    @Test
    void devicesRoundTripUpdateOrderConflictAndNotFound() {
        store.transaction(r -> {
            r.models().insert(model("m1", null));
            r.models().insert(model("m2", null));
            return null;
        });
        Device full = new Device(DeviceId.of("dev-b"), "m2", LifecycleState.ACTIVE, "Alice Ltd", "1.2.3", T0, T0.plusMillis(7));
        Device bare = device("dev-a", "m1");
        Device c = device("dev-c", "m1");
        store.transaction(r -> {
            r.devices().insert(full);
            r.devices().insert(c);
            r.devices().insert(bare);
            return null;
        });
        assertThat(opt(r -> r.devices().find(DeviceId.of("dev-b")))).contains(full);
        assertThat(opt(r -> r.devices().find(DeviceId.of("dev-a")))).contains(bare);
        assertThat(opt(r -> r.devices().find(DeviceId.of("dev-x")))).isEmpty();
        assertThat(list(r -> r.devices().list())).containsExactly(bare, full, c);
        assertThat(list(r -> r.devices().listByModel("m1"))).containsExactly(bare, c);
        assertThat(list(r -> r.devices().listByModel("m2"))).containsExactly(full);
        assertThat(list(r -> r.devices().listByModel("none"))).isEmpty();

        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.devices().insert(device("dev-a", "m2"));
            return null;
        }));

        Device changed = bare.withState(LifecycleState.QUARANTINED, T0.plusSeconds(60)).withOwner("Bob", T0.plusSeconds(60))
                .withFirmware("2.0", T0.plusSeconds(61));
        store.transaction(r -> {
            r.devices().update(changed);
            return null;
        });
        assertThat(opt(r -> r.devices().find(DeviceId.of("dev-a")))).contains(changed);
        // update back to nulls
        Device cleared = new Device(changed.id(), changed.model(), LifecycleState.REGISTERED, null, null, changed.createdAt(), T0.plusSeconds(99));
        store.transaction(r -> {
            r.devices().update(cleared);
            return null;
        });
        assertThat(opt(r -> r.devices().find(DeviceId.of("dev-a")))).contains(cleared);

        assertCode(ErrorCode.NOT_FOUND, () -> store.transaction(r -> {
            r.devices().update(device("ghost", "m1"));
            return null;
        }));
    }

    @Test
    void deviceOfUnknownModelIsRejected() {
        assertThatThrownBy(() -> store.transaction(r -> {
            r.devices().insert(device("orphan", "no-such-model"));
            return null;
        })).isInstanceOf(PalisadeException.class);
        assertThat(list(r -> r.devices().list())).isEmpty();
    }

    // ---- certificates -------------------------------------------------------------------------------------

    @Test
    void certificatesRoundTripOrderingAndUpdates() {
        seedDevices("d1", "d2");
        BigInteger big = BigInteger.ONE.shiftLeft(159).add(BigInteger.valueOf(0xABCDEF));
        CertificateRecord c9 = cert(BigInteger.valueOf(9), "d1", "fp-a", T0);
        CertificateRecord c10 = cert(BigInteger.valueOf(10), "d1", "fp-b", T0.plusSeconds(3600));
        CertificateRecord c255 = cert(BigInteger.valueOf(255), "d2", "fp-a", T0.plusSeconds(10));
        CertificateRecord cBig = new CertificateRecord(big, DeviceId.of("d1"), "fp-c", T0.plusSeconds(100), T0.plusSeconds(200),
                CertificateStatus.REVOKED, T0.plusSeconds(150), RevocationReason.KEY_COMPROMISE, "pem-big");
        store.transaction(r -> {
            r.certificates().insert(cBig);
            r.certificates().insert(c10);
            r.certificates().insert(c255);
            r.certificates().insert(c9);
            return null;
        });
        assertThat(opt(r -> r.certificates().find(big))).contains(cBig);
        assertThat(opt(r -> r.certificates().find(BigInteger.valueOf(9)))).contains(c9);
        assertThat(opt(r -> r.certificates().find(BigInteger.valueOf(11)))).isEmpty();
        // numeric order, not text order ("10" < "255" < "9" as text)
        assertThat(list(r -> r.certificates().list())).containsExactly(c9, c10, c255, cBig);
        assertThat(list(r -> r.certificates().listByDevice(DeviceId.of("d1")))).containsExactly(c10, cBig, c9);
        assertThat(list(r -> r.certificates().listByDevice(DeviceId.of("d3")))).isEmpty();
        assertThat(list(r -> r.certificates().listByKeyFingerprint("fp-a"))).containsExactly(c9, c255);
        assertThat(list(r -> r.certificates().listRevoked())).containsExactly(cBig);

        CertificateRecord revoked = c9.revoked(T0.plusSeconds(500), RevocationReason.SUPERSEDED);
        store.transaction(r -> {
            r.certificates().update(revoked);
            return null;
        });
        assertThat(opt(r -> r.certificates().find(BigInteger.valueOf(9)))).contains(revoked);
        assertThat(list(r -> r.certificates().listRevoked())).containsExactly(revoked, cBig);

        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.certificates().insert(cert(BigInteger.valueOf(10), "d2", "fp-z", T0));
            return null;
        }));
        assertCode(ErrorCode.NOT_FOUND, () -> store.transaction(r -> {
            r.certificates().update(cert(BigInteger.valueOf(12345), "d1", "fp-z", T0));
            return null;
        }));
    }

    // ---- enrollment tokens --------------------------------------------------------------------------------

    @Test
    void enrollmentTokensRoundTripUseAndInvalidate() {
        seedDevices("d1", "d2");
        EnrollmentToken a = new EnrollmentToken(DeviceId.of("d1"), "hash-a", T0, T0.plusSeconds(3600), null);
        EnrollmentToken b = new EnrollmentToken(DeviceId.of("d1"), "hash-b", T0, T0.plusSeconds(3600), null);
        EnrollmentToken usedBefore = new EnrollmentToken(DeviceId.of("d1"), "hash-u", T0, T0.plusSeconds(3600), T0.plusSeconds(1));
        EnrollmentToken other = new EnrollmentToken(DeviceId.of("d2"), "hash-o", T0, T0.plusSeconds(3600), null);
        store.transaction(r -> {
            for (EnrollmentToken t : List.of(a, b, usedBefore, other)) {
                r.enrollmentTokens().insert(t);
            }
            return null;
        });
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-a"))).contains(a);
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-u"))).contains(usedBefore);
        assertThat(opt(r -> r.enrollmentTokens().findByHash("missing"))).isEmpty();

        store.transaction(r -> {
            r.enrollmentTokens().update(a.used(T0.plusSeconds(30)));
            return null;
        });
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-a"))).contains(a.used(T0.plusSeconds(30)));

        Instant voidAt = T0.plusSeconds(90);
        store.transaction(r -> {
            r.enrollmentTokens().invalidateForDevice(DeviceId.of("d1"), voidAt);
            return null;
        });
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-a"))).contains(a.used(T0.plusSeconds(30)));
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-b"))).contains(b.used(voidAt));
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-u"))).contains(usedBefore);
        assertThat(opt(r -> r.enrollmentTokens().findByHash("hash-o"))).contains(other);

        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.enrollmentTokens().insert(new EnrollmentToken(DeviceId.of("d2"), "hash-a", T0, T0, null));
            return null;
        }));
        assertCode(ErrorCode.NOT_FOUND, () -> store.transaction(r -> {
            r.enrollmentTokens().update(new EnrollmentToken(DeviceId.of("d2"), "hash-none", T0, T0, T0));
            return null;
        }));
    }

    // ---- manufacturers ------------------------------------------------------------------------------------

    @Test
    void manufacturersRoundTripOrderUpdateConflict() {
        ManufacturerAnchor m1 = new ManufacturerAnchor("Zeta", "ff01", "pem-1", T0, false);
        ManufacturerAnchor m2 = new ManufacturerAnchor("Acme", "ee02", "pem-2", T0.plusSeconds(1), true);
        ManufacturerAnchor m3 = new ManufacturerAnchor("Acme", "aa03", "pem-3", T0.plusSeconds(2), false);
        store.transaction(r -> {
            r.manufacturers().insert(m1);
            r.manufacturers().insert(m2);
            r.manufacturers().insert(m3);
            return null;
        });
        assertThat(opt(r -> r.manufacturers().findByFingerprint("ee02"))).contains(m2);
        assertThat(opt(r -> r.manufacturers().findByFingerprint("0000"))).isEmpty();
        assertThat(list(r -> r.manufacturers().list())).containsExactly(m3, m2, m1);

        ManufacturerAnchor m1Revoked = new ManufacturerAnchor("Zeta", "ff01", "pem-1", T0, true);
        store.transaction(r -> {
            r.manufacturers().update(m1Revoked);
            return null;
        });
        assertThat(opt(r -> r.manufacturers().findByFingerprint("ff01"))).contains(m1Revoked);
        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.manufacturers().insert(new ManufacturerAnchor("Other", "aa03", "p", T0, false));
            return null;
        }));
        assertCode(ErrorCode.NOT_FOUND, () -> store.transaction(r -> {
            r.manufacturers().update(new ManufacturerAnchor("Other", "bb", "p", T0, false));
            return null;
        }));
    }

    // ---- API tokens ---------------------------------------------------------------------------------------

    @Test
    void apiTokensRoundTripAndConflicts() {
        ApiToken admin = new ApiToken("tok-2", "h2", "admin", T0, null);
        ApiToken old = new ApiToken("tok-1", "h1", "operator", T0.minusSeconds(60), T0.plusSeconds(5));
        store.transaction(r -> {
            r.apiTokens().insert(admin);
            r.apiTokens().insert(old);
            return null;
        });
        assertThat(opt(r -> r.apiTokens().findByHash("h2"))).contains(admin);
        assertThat(opt(r -> r.apiTokens().findByHash("h1"))).contains(old);
        assertThat(opt(r -> r.apiTokens().findByHash("h3"))).isEmpty();
        assertThat(list(r -> r.apiTokens().list())).containsExactly(old, admin);
        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.apiTokens().insert(new ApiToken("tok-1", "h9", "admin", T0, null));
            return null;
        }));
        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.apiTokens().insert(new ApiToken("tok-9", "h2", "admin", T0, null));
            return null;
        }));
        assertThat(list(r -> r.apiTokens().list())).hasSize(2);
    }

    // ---- audit --------------------------------------------------------------------------------------------

    @Test
    void auditAppendLastListPagingAndConflict() {
        assertThat(opt(r -> r.audit().last())).isEmpty();
        assertThat(list(r -> r.audit().list(0, 10))).isEmpty();
        Instant nanos = Instant.parse("2026-03-01T10:15:30.123456789Z");
        List<AuditEvent> written = store.transaction(r -> {
            List<AuditEvent> out = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                out.add(AuditLog.append(r.audit(), nanos.plusNanos(i), "admin", "test.action", "subject:" + i, i % 2 == 0 ? "" : "detail " + i));
            }
            return out;
        });
        // exact round trip, nanoseconds included: the hash covers at.toString()
        assertThat(opt(r -> r.audit().last())).contains(written.get(24));
        assertThat(list(r -> r.audit().list(0, 1000))).containsExactlyElementsOf(written);
        assertThat(list(r -> r.audit().list(0, 10))).containsExactlyElementsOf(written.subList(0, 10));
        assertThat(list(r -> r.audit().list(10, 10))).containsExactlyElementsOf(written.subList(10, 20));
        assertThat(list(r -> r.audit().list(20, 10))).containsExactlyElementsOf(written.subList(20, 25));
        assertThat(list(r -> r.audit().list(25, 10))).isEmpty();
        assertThat(store.read(r -> AuditLog.verify(r.audit())).intact()).isTrue();
        assertThat(store.read(r -> AuditLog.verify(r.audit())).entries()).isEqualTo(25);

        AuditEvent dup = written.get(3);
        assertCode(ErrorCode.CONFLICT, () -> store.transaction(r -> {
            r.audit().append(new AuditEvent(dup.seq(), T0, "evil", "rewrite", "x", "", dup.prevHash(), dup.hash()));
            return null;
        }));
        assertThat(list(r -> r.audit().list(3, 1))).containsExactly(dup);
        assertCode(ErrorCode.INVALID_INPUT, () -> store.read(r -> r.audit().list(0, 0)));
    }

    @Test
    void auditPortIsAppendOnly() {
        List<String> names = Arrays.stream(AuditRepository.class.getMethods()).map(Method::getName).sorted().toList();
        assertThat(names).containsExactly("append", "last", "list");
    }

    // ---- transactions -------------------------------------------------------------------------------------

    @Test
    void transactionRollsBackWhenWorkThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.transaction(r -> {
            r.models().insert(model("m1", null));
            r.devices().insert(device("d1", "m1"));
            AuditLog.append(r.audit(), T0, "a", "x", "s", "");
            throw boom;
        })).isSameAs(boom);
        assertThat(list(r -> r.models().list())).isEmpty();
        assertThat(list(r -> r.devices().list())).isEmpty();
        assertThat(opt(r -> r.audit().last())).isEmpty();
        // and the store still works afterwards
        seedDevices("d1");
        assertThat(list(r -> r.devices().list())).hasSize(1);
    }

    @Test
    void transactionReturnsValueAndCommits() {
        String v = store.transaction(r -> {
            r.models().insert(model("m1", null));
            return "done";
        });
        assertThat(v).isEqualTo("done");
        assertThat(opt(r -> r.models().find("m1"))).isPresent();
    }

    @Test
    void conflictCaughtInsideTransactionLeavesItUsable() {
        seedDevices("d1");
        store.transaction(r -> {
            assertCode(ErrorCode.CONFLICT, () -> r.devices().insert(device("d1", "m1")));
            r.devices().insert(device("d2", "m1"));
            return null;
        });
        assertThat(list(r -> r.devices().list())).extracting(d -> d.id().value()).containsExactly("d1", "d2");
    }

    @Test
    void readIsReadOnlyAndNestedTransactionsAreRefused() {
        assertThatThrownBy(() -> store.read(r -> {
            r.models().insert(model("m1", null));
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(list(r -> r.models().list())).isEmpty();
        assertThatThrownBy(() -> store.transaction(r -> store.transaction(r2 -> null))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentTransactionsKeepTheAuditChainGapFree() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        store.transaction(r -> AuditLog.append(r.audit(), Instant.now(), "thread-" + thread, "test.concurrent",
                                "item:" + n, ""));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEvent> all = store.read(r -> r.audit().list(0, 1000));
        assertThat(all).extracting(AuditEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        AuditLog.Verification v = store.read(r -> AuditLog.verify(r.audit()));
        assertThat(v.intact()).as(v.message()).isTrue();
        assertThat(v.entries()).isEqualTo(threads * perThread);
    }

    // ---- instants -----------------------------------------------------------------------------------------

    @Test
    void instantsAreStoredTruncatedToMicroseconds() {
        Instant nanos = Instant.parse("2026-03-01T10:15:30.123456789Z");
        store.transaction(r -> {
            r.models().insert(new DeviceModel("m1", "Acme", YearMonth.of(2030, 1), null, RiskProfile.CONSUMER, nanos));
            return null;
        });
        assertThat(opt(r -> r.models().find("m1")).orElseThrow().createdAt())
                .isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
        Instant early = Instant.parse("1970-01-01T00:00:00.000001Z");
        Instant late = Instant.parse("9999-12-31T23:59:59.999999Z");
        store.transaction(r -> {
            r.devices().insert(new Device(DeviceId.of("d1"), "m1", LifecycleState.REGISTERED, null, null, early, late));
            return null;
        });
        Device d = store.read(r -> r.devices().find(DeviceId.of("d1"))).orElseThrow();
        assertThat(d.createdAt()).isEqualTo(early);
        assertThat(d.updatedAt()).isEqualTo(late);
    }

    // ---- telemetry ----------------------------------------------------------------------------------------

    @Test
    void telemetryAppendQueryWindowLimitAndCount() {
        DeviceId d1 = DeviceId.of("d1");
        DeviceId d2 = DeviceId.of("d2");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(store.telemetry().append(new TelemetryRecord(-1, d1, T0.plusSeconds(i), "telemetry", "{\"i\":" + i + "}")));
        }
        store.telemetry().append(new TelemetryRecord(0, d2, T0.plusSeconds(3), "events", "{}"));
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(store.telemetry().count(d1)).isEqualTo(10);
        assertThat(store.telemetry().count(d2)).isEqualTo(1);
        assertThat(store.telemetry().count(DeviceId.of("d3"))).isZero();

        List<TelemetryRecord> window = store.telemetry().query(d1, T0.plusSeconds(2), T0.plusSeconds(6), 100);
        assertThat(window).extracting(TelemetryRecord::payload).containsExactly("{\"i\":2}", "{\"i\":3}", "{\"i\":4}", "{\"i\":5}");
        assertThat(window.get(0)).isEqualTo(new TelemetryRecord(ids.get(2), d1, T0.plusSeconds(2), "telemetry", "{\"i\":2}"));
        assertThat(store.telemetry().query(d1, T0.plusSeconds(2), T0.plusSeconds(6), 2)).extracting(TelemetryRecord::id)
                .containsExactly(ids.get(2), ids.get(3));
        assertThat(store.telemetry().query(d1, T0.plusSeconds(100), T0.plusSeconds(200), 10)).isEmpty();
        assertThat(store.telemetry().query(d2, T0, T0.plusSeconds(100), 10)).extracting(TelemetryRecord::channel).containsExactly("events");
        assertCode(ErrorCode.INVALID_INPUT, () -> store.telemetry().query(d1, T0, T0.plusSeconds(1), 0));
    }

    @Test
    void telemetryAppendAllIsOneBatchOldestFirst() {
        DeviceId d = DeviceId.of("batch-dev");
        List<TelemetryRecord> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new TelemetryRecord(0, d, T0.plusMillis(50 - i), "metrics", "{\"n\":" + i + "}"));
        }
        store.telemetry().appendAll(batch);
        store.telemetry().appendAll(List.of());
        assertThat(store.telemetry().count(d)).isEqualTo(50);
        List<TelemetryRecord> all = store.telemetry().query(d, T0, T0.plusSeconds(1), 1000);
        assertThat(all).extracting(TelemetryRecord::receivedAt).isSorted();
        assertThat(all.get(0).payload()).isEqualTo("{\"n\":49}");
        // one invalid record rejects the whole batch before anything is written
        List<TelemetryRecord> bad = List.of(new TelemetryRecord(0, d, T0, "metrics", "{}"),
                new TelemetryRecord(0, d, T0, "metrics", "x".repeat(256 * 1024 + 1)));
        assertCode(ErrorCode.PAYLOAD_TOO_LARGE, () -> store.telemetry().appendAll(bad));
        assertThat(store.telemetry().count(d)).isEqualTo(50);
    }

    @Test
    void telemetryPayloadLimitIs256KiBOfUtf8() {
        DeviceId d = DeviceId.of("big");
        String max = "x".repeat(256 * 1024);
        long id = store.telemetry().append(new TelemetryRecord(0, d, T0, "telemetry", max));
        assertThat(store.telemetry().query(d, T0, T0.plusSeconds(1), 1)).singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(id);
                    assertThat(r.payload()).isEqualTo(max);
                });
        assertCode(ErrorCode.PAYLOAD_TOO_LARGE, () -> store.telemetry().append(new TelemetryRecord(0, d, T0, "telemetry", max + "x")));
        // 100 000 three-byte characters: few chars, too many bytes
        assertCode(ErrorCode.PAYLOAD_TOO_LARGE, () -> store.telemetry().append(new TelemetryRecord(0, d, T0, "telemetry", "\u20ac".repeat(100_000))));
        String unicode = "{\"t\":\"\u00e9\u20ac\uD83D\uDE00\"}";
        store.telemetry().append(new TelemetryRecord(0, d, T0.plusSeconds(1), "telemetry", unicode));
        assertThat(store.telemetry().query(d, T0.plusSeconds(1), T0.plusSeconds(2), 5)).extracting(TelemetryRecord::payload).containsExactly(unicode);
        assertCode(ErrorCode.INVALID_INPUT, () -> store.telemetry().append(new TelemetryRecord(0, d, T0, "", "{}")));
    }

    @Test
    void describeIsShortAndMentionsTheVendor() {
        assertThat(store.describe()).isNotBlank();
    }

    // ---- records and aggregates ---------------------------------------------------------------------------

    @Test
    void recordsUpsertWithRevisionsListByPrefixAndDelete() {
        store.transaction(r -> {
            assertThat(r.records().put("rollout", "ro-1", "{\"a\":1}", T0)).isEqualTo(1);
            assertThat(r.records().put("rollout", "ro-1", "{\"a\":2}", T0.plusSeconds(1))).isEqualTo(2);
            r.records().put("rollout-device", "ro-1/d2", "{}", T0);
            r.records().put("rollout-device", "ro-1/d1", "{}", T0);
            r.records().put("rollout-device", "ro-10/d1", "{}", T0);
            r.records().put("rollout-device", "ro_1/x", "{}", T0);
            return null;
        });
        io.palisade.core.store.RecordRepository.StoredRecord found = store.read(r -> r.records().find("rollout", "ro-1")).orElseThrow();
        assertThat(found.revision()).isEqualTo(2);
        assertThat(found.body()).isEqualTo("{\"a\":2}");
        assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.read(r -> r.records().list("rollout-device", "ro-1/", 100)).stream()
                .map(io.palisade.core.store.RecordRepository.StoredRecord::id).toList())
                .containsExactly("ro-1/d1", "ro-1/d2");
        // '_' in a prefix is a literal, not a LIKE wildcard
        assertThat(store.read(r -> r.records().list("rollout-device", "ro_", 100)).size()).isEqualTo(1);
        assertThat(store.read(r -> r.records().list("rollout-device", "", 2)).size()).isEqualTo(2);
        long count = store.read(r -> r.records().count("rollout-device"));
        assertThat(count).isEqualTo(4L);
        boolean deleted = store.transaction(r -> r.records().delete("rollout", "ro-1"));
        assertThat(deleted).isTrue();
        assertThat(store.read(r -> r.records().find("rollout", "ro-1")).isPresent()).isFalse();
        assertCode(ErrorCode.INVALID_INPUT, () -> store.<Long>transaction(r -> r.records().put("Bad Kind", "x", "{}", T0)));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.<Long>transaction(r -> r.records().put("k", "a\nb", "{}", T0)));
        assertThatThrownBy(() -> store.<Long>read(r -> r.records().put("k", "x", "{}", T0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void devicesAreCountedPerModelAndFirmware() {
        seedDevices("a1", "a2", "a3");
        store.transaction(r -> {
            Device d = r.devices().find(DeviceId.of("a1")).orElseThrow();
            r.devices().update(d.withFirmware("1.4.2", T0));
            Device d2 = r.devices().find(DeviceId.of("a2")).orElseThrow();
            r.devices().update(d2.withFirmware("1.4.2", T0));
            return null;
        });
        java.util.Map<String, java.util.Map<String, Long>> counts = store.read(r -> r.devices().countByModelAndFirmware());
        assertThat(counts).isEqualTo(java.util.Map.of("m1", java.util.Map.of("1.4.2", 2L, "", 1L)));
    }

    @Test
    void keyStatsAggregateValidCertificatesOfDevicesWithAnIdentity() {
        Instant now = T0.plusSeconds(3600);
        long day = 86_400;
        store.transaction(r -> {
            r.models().insert(model("m1", null));
            r.models().insert(model("m2", null));
            String[][] devs = {{"a1", "m1", "ACTIVE"}, {"a2", "m1", "ENROLLED"}, {"a3", "m1", "QUARANTINED"}, {"a4", "m1", "ACTIVE"},
                {"a5", "m1", "ACTIVE"}, {"a6", "m1", "ACTIVE"}, {"a7", "m1", "ACTIVE"}, {"a8", "m1", "ACTIVE"},
                {"r1", "m1", "REGISTERED"}, {"x1", "m1", "DECOMMISSIONED"}, {"b1", "m2", "ACTIVE"}, {"b2", "m2", "ACTIVE"}};
            for (String[] d : devs) {
                r.devices().insert(new Device(DeviceId.of(d[0]), d[1], LifecycleState.valueOf(d[2]), null, null, T0, T0));
            }
            int[] serial = {100};
            java.util.function.BiConsumer<String, String> valid = (dev, fp) ->
                    r.certificates().insert(cert(BigInteger.valueOf(serial[0]++), dev, fp, T0));
            valid.accept("a1", "k-shared");
            valid.accept("a2", "k-shared");
            valid.accept("r1", "k-shared"); // no identity: not counted
            valid.accept("x1", "k-shared"); // decommissioned: not counted
            valid.accept("b1", "k-shared");
            valid.accept("a3", "k-a3");
            // rotation overlap: superseded, revocation effective in the future -> still valid
            r.certificates().insert(cert(BigInteger.valueOf(serial[0]++), "a3", "k-a3-old", T0.minusSeconds(60))
                    .revoked(now.plusSeconds(600), RevocationReason.SUPERSEDED));
            r.certificates().insert(new CertificateRecord(BigInteger.valueOf(serial[0]++), DeviceId.of("a4"), "k-a4",
                    T0.minusSeconds(3 * day), T0.minusSeconds(2 * day), CertificateStatus.VALID, null, null, "pem"));
            r.certificates().insert(cert(BigInteger.valueOf(serial[0]++), "a5", "k-a5", T0).revoked(T0, RevocationReason.KEY_COMPROMISE));
            r.certificates().insert(new CertificateRecord(BigInteger.valueOf(serial[0]++), DeviceId.of("a7"), "k-a7",
                    T0.minusSeconds(10 * day), T0.plusSeconds(355 * day), CertificateStatus.VALID, null, null, "pem"));
            // newest certificate not yet valid, an older one expired: not "expired in use"
            r.certificates().insert(new CertificateRecord(BigInteger.valueOf(serial[0]++), DeviceId.of("a8"), "k-a8-old",
                    T0.minusSeconds(3 * day), T0.minusSeconds(2 * day), CertificateStatus.VALID, null, null, "pem"));
            r.certificates().insert(cert(BigInteger.valueOf(serial[0]++), "a8", "k-a8-next", T0.plusSeconds(2 * day)));
            valid.accept("b2", "k-b2");
            valid.accept("b2", "k-b2"); // the same key certified twice for one device: one key, not shared
            return null;
        });
        io.palisade.core.store.CertificateRepository.KeyStats all = store.read(r -> r.certificates().keyStats(java.util.Optional.empty(), now));
        assertThat(all).isEqualTo(new io.palisade.core.store.CertificateRepository.KeyStats(10, 6, 5, 1, 3, 1, 365 * day,
                List.of(new io.palisade.core.store.CertificateRepository.SharedKey("k-shared", 3,
                        List.of(DeviceId.of("a1"), DeviceId.of("a2"), DeviceId.of("b1"))))));
        io.palisade.core.store.CertificateRepository.KeyStats m1 = store.read(r -> r.certificates().keyStats(java.util.Optional.of("m1"), now));
        assertThat(m1).isEqualTo(new io.palisade.core.store.CertificateRepository.KeyStats(8, 4, 4, 1, 2, 1, 365 * day,
                List.of(new io.palisade.core.store.CertificateRepository.SharedKey("k-shared", 2, List.of(DeviceId.of("a1"), DeviceId.of("a2"))))));
        io.palisade.core.store.CertificateRepository.KeyStats m2 = store.read(r -> r.certificates().keyStats(java.util.Optional.of("m2"), now));
        assertThat(m2).isEqualTo(new io.palisade.core.store.CertificateRepository.KeyStats(2, 2, 2, 0, 0, 0, day, List.of()));
        // after every validity period: nothing valid, the newest certificates of a1, a2, a3 (k-a3), a7... are expired
        io.palisade.core.store.CertificateRepository.KeyStats later = store.read(r -> r.certificates().keyStats(java.util.Optional.of("m2"),
                T0.plusSeconds(3 * day)));
        assertThat(later).isEqualTo(new io.palisade.core.store.CertificateRepository.KeyStats(2, 0, 0, 0, 0, 2, 0, List.of()));
        assertThat(store.read(r -> r.certificates().keyStats(java.util.Optional.of("nope"), now)).devices()).isZero();
    }

    @Test
    void telemetryOfOneDeviceCanBeErased() {
        seedDevices("e1", "e2");
        store.telemetry().append(new io.palisade.core.telemetry.TelemetryRecord(0, DeviceId.of("e1"), T0, "telemetry", "{\"a\":1}"));
        store.telemetry().append(new io.palisade.core.telemetry.TelemetryRecord(0, DeviceId.of("e1"), T0, "telemetry", "{\"a\":2}"));
        store.telemetry().append(new io.palisade.core.telemetry.TelemetryRecord(0, DeviceId.of("e2"), T0, "telemetry", "{\"a\":3}"));
        assertThat(store.telemetry().deleteByDevice(DeviceId.of("e1"))).isEqualTo(2);
        assertThat(store.telemetry().count(DeviceId.of("e1"))).isZero();
        assertThat(store.telemetry().count(DeviceId.of("e2"))).isEqualTo(1);
    }
}
