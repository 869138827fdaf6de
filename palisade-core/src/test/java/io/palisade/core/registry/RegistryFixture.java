package io.palisade.core.registry;

import io.palisade.core.device.*;
import io.palisade.core.audit.AuditEvent;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.core.identity.IdentityIssuer;
import io.palisade.core.store.memory.InMemoryStore;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry over the in-memory store, with a settable clock, a recording issuer and a recording event bus. */
final class RegistryFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration OVERLAP = Duration.ofMinutes(10);
    static final String MODEL = "thermo";

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** The CA port: issues fake certificates valid for the model's profile, and records each call. */
    static final class TestIssuer implements IdentityIssuer {
        final List<DeviceId> issuedTo = new CopyOnWriteArrayList<>();
        private long serial = 1000;

        @Override
        public synchronized X509Certificate issue(DeviceId id, PublicKey key, DeviceModel model, Instant now) {
            issuedTo.add(id);
            return new FakeCertificate(BigInteger.valueOf(serial++), now, now.plus(model.profile().certificateValidity()), key, id, null);
        }
    }

    final TestClock clock = new TestClock();
    final TestIssuer issuer = new TestIssuer();
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    final InMemoryStore store = new InMemoryStore();
    final DeviceRegistry registry = new DeviceRegistry(store, issuer, new EventBus() {
        @Override
        public void publish(DomainEvent event) {
            events.add(event);
        }

        @Override
        public <E extends DomainEvent> AutoCloseable subscribe(Class<E> type, java.util.function.Consumer<? super E> subscriber) {
            return () -> { };
        }
    }, clock, OVERLAP);

    RegistryFixture() {
        registry.createModel("admin", MODEL, "Acme", YearMonth.of(2032, 12), null, RiskProfile.INDUSTRIAL);
    }

    static PublicKey newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair().getPublic();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    DeviceId register(String id) {
        DeviceId d = DeviceId.of(id);
        registry.register("admin", d, MODEL, "Owner", "1.0");
        return d;
    }

    /** Registers and enrolls: returns the first certificate. */
    X509Certificate enrolled(String id) {
        DeviceId d = register(id);
        return registry.enroll("admin", d, newKey());
    }

    List<AuditEvent> audit() {
        return store.read(r -> new ArrayList<>(r.audit().list(0, 10_000)));
    }

    List<AuditEvent> audit(String action) {
        return audit().stream().filter(e -> e.action().equals(action)).toList();
    }

    @Override
    public void close() {
        store.close();
    }
}
