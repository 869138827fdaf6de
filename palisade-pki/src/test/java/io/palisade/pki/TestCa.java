package io.palisade.pki;

import io.palisade.core.device.DeviceId;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.CertificateStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Shared CA fixtures: creating a CA costs two slow key encryptions, so tests share them. */
final class TestCa {
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    static final CaUrls URLS = new CaUrls("http://pki.example.test/crl", "http://pki.example.test/ocsp");
    /** The foreign CA was created with a clock this far in the past (so its server certificates can be expired). */
    static final java.time.Duration FOREIGN_AGE = java.time.Duration.ofDays(40);
    static final Instant FOREIGN_CREATED = Instant.now().minus(FOREIGN_AGE).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static CertificateAuthority shared;
    private static Path sharedDir;
    private static CertificateAuthority foreign;

    private TestCa() {
    }

    static synchronized CertificateAuthority shared() {
        if (shared == null) {
            sharedDir = tempDir("palisade-ca").resolve("ca");
            shared = CertificateAuthority.loadOrCreate(sharedDir, PASSPHRASE, URLS, Clock.systemUTC());
        }
        return shared;
    }

    static synchronized CertificateAuthority foreign() {
        if (foreign == null) {
            foreign = CertificateAuthority.loadOrCreate(tempDir("palisade-foreign-ca").resolve("ca"), PASSPHRASE, URLS,
                    Clock.fixed(FOREIGN_CREATED, java.time.ZoneOffset.UTC));
        }
        return foreign;
    }

    static synchronized Path sharedDir() {
        shared();
        return sharedDir;
    }

    static DeviceModel model(RiskProfile profile, String mudUrl) {
        return new DeviceModel("thermo-1", "Acme", YearMonth.of(2035, 12), mudUrl, profile, Instant.now());
    }

    static CertificateRecord record(X509Certificate cert, String deviceId) {
        try {
            String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getPublicKey().getEncoded()));
            return new CertificateRecord(cert.getSerialNumber(), DeviceId.of(deviceId), fp,
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), CertificateStatus.VALID, null, null,
                    Pem.certificate(cert));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate device(CertificateAuthority ca, String id, Instant now) {
        KeyPair kp = KeyPairs.ecP256();
        return ca.issue(DeviceId.of(id), kp.getPublic(), model(RiskProfile.ENTERPRISE, null), now);
    }

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort cleanup of a temporary directory
        }
    }
}
