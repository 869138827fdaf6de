package io.palisade.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.event.InProcessEventBus;
import io.palisade.edge.DeviceGate;
import io.palisade.edge.EdgeConfig;
import io.palisade.edge.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {
    final TestPki pki = new TestPki("Parts CA");

    EdgeConfig config(Path dir, int packet, double rate, int burst) {
        return new EdgeConfig(dir, "127.0.0.1", 0, pki.server.key(), List.of(pki.server.cert()), List.of(pki.ca.cert()), packet, rate, burst);
    }

    @Test
    void tokenBucketAllowsBurstThenRateAndReportsOneEpisode() {
        AtomicLong now = new AtomicLong();
        TokenBucket b = new TokenBucket(2, 3, now::get);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.THROTTLED_NEW_EPISODE);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.THROTTLED);
        now.addAndGet(500_000_000L); // one token
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.THROTTLED); // same episode: the bucket never refilled
        now.addAndGet(10_000_000_000L); // quiet: full again, episode over
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.ALLOWED);
        assertThat(b.take()).isEqualTo(TokenBucket.Take.THROTTLED_NEW_EPISODE);
    }

    @Test
    void configIsValidated(@TempDir Path dir) {
        assertThat(config(dir, 1024, 5, 10).toString()).contains("<redacted>").doesNotContain(pki.server.key().toString());
        assertThatThrownBy(() -> config(dir, 10, 5, 10)).isInstanceOf(PalisadeException.class).hasMessageContaining("maxPacketBytes");
        assertThatThrownBy(() -> config(dir, 1024, 0, 10)).isInstanceOf(PalisadeException.class).hasMessageContaining("messagesPerSecond");
        assertThatThrownBy(() -> config(dir, 1024, Double.NaN, 10)).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> config(dir, 1024, 5, 0)).isInstanceOf(PalisadeException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> new EdgeConfig(dir, "127.0.0.1", 70000, pki.server.key(), List.of(pki.server.cert()), List.of(pki.ca.cert()), 1024, 1, 1))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new EdgeConfig(dir, "127.0.0.1", 1, pki.server.key(), List.of(), List.of(pki.ca.cert()), 1024, 1, 1))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("serverChain");
        assertThatThrownBy(() -> new EdgeConfig(dir, "127.0.0.1", 1, pki.server.key(), List.of(pki.server.cert()), List.of(), 1024, 1, 1))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("trustedCas");
        assertThatThrownBy(() -> new EdgeConfig(dir, "<x>", 1, pki.server.key(), List.of(pki.server.cert()), List.of(pki.ca.cert()), 1024, 1, 1))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("bindAddress");
    }

    @Test
    void brokerFilesHoldLoadableOwnerOnlyStoresAndASecureConfiguration(@TempDir Path dir) throws Exception {
        BrokerFiles f = BrokerFiles.write(config(dir.resolve("w"), 2048, 5, 10), 18883);
        String xml = Files.readString(f.conf().resolve("config.xml"));
        assertThat(xml).contains("<tls-tcp-listener>").doesNotContain("<tcp-listener>").doesNotContain("websocket")
                .contains("<client-authentication-mode>REQUIRED</client-authentication-mode>")
                .contains("<protocol>TLSv1.3</protocol>").contains("<protocol>TLSv1.2</protocol>")
                .contains("<max-packet-size>2048</max-packet-size>").contains("<port>18883</port>")
                .containsPattern("<anonymous-usage-statistics>\\s*<enabled>false</enabled>")
                .contains("<mode>file</mode>");
        Matcher m = Pattern.compile("<password>([^<]+)</password>").matcher(xml);
        assertThat(m.find()).isTrue();
        String password = m.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(f.conf().resolve("server.p12"))) {
            ks.load(in, password.toCharArray());
        }
        assertThat(ks.isKeyEntry("server")).isTrue();
        KeyStore ts = KeyStore.getInstance("JKS"); // HiveMQ opens stores as "JKS", which reads PKCS12 too
        try (var in = Files.newInputStream(f.conf().resolve("trust.p12"))) {
            ts.load(in, password.toCharArray());
        }
        assertThat(ts.size()).isEqualTo(1);
        for (String name : List.of("config.xml", "server.p12", "trust.p12")) {
            assertThat(Files.getPosixFilePermissions(f.conf().resolve(name)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        // a new start writes a new password
        BrokerFiles.write(config(dir.resolve("w"), 2048, 5, 10), 18883);
        assertThat(Files.readString(f.conf().resolve("config.xml"))).doesNotContain(password);
    }

    @Test
    void pitfallEveryProviderComesFromTheExtensionsClassLoader() {
        DeviceGate gate = new DeviceGate() {
            @Override
            public io.palisade.core.device.Access access(DeviceId id, java.math.BigInteger s) {
                return new io.palisade.core.device.Access.Deny("x");
            }

            @Override
            public void connected(DeviceId id, String remoteAddress) {
            }

            @Override
            public java.util.Optional<String> telemetrySchema(DeviceId id) {
                return java.util.Optional.empty();
            }
        };
        var ext = new PalisadeExtension(new PalisadeExtension.Context(gate, r -> { }, new InProcessEventBus(),
                new EdgeMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), new ClientCertificates(List.of(pki.ca.cert())), 1024, 1, 1,
                Executors.newSingleThreadExecutor(), Executors.newSingleThreadScheduledExecutor(), Clock.systemUTC()));
        assertThat(ext.providerClasses()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getClassLoader()).isSameAs(PalisadeExtension.class.getClassLoader()));
        assertThat(ext.started()).isFalse();
    }

    @Test
    void metricTagsAreBoundedAndLowCardinality() {
        assertThat(EdgeMetrics.tag("Certificate revoked")).isEqualTo("certificate-revoked");
        assertThat(EdgeMetrics.tag("device is decommissioned")).isEqualTo("device-is-decommissioned");
        assertThat(EdgeMetrics.tag(null)).isEqualTo("unspecified");
        assertThat(EdgeMetrics.tag("!!!")).isEqualTo("unspecified");
        assertThat(EdgeMetrics.tag("x".repeat(100))).hasSize(48);
    }
}
