package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.RevocationReason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    private static final String MUD = "https://mud.example.com/thermo-1.json";

    @Test
    void createsThenReloadsTheSameCaWithPrivateFileModes(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority created = CertificateAuthority.loadOrCreate(dir, TestCa.PASSPHRASE, TestCa.URLS,
                Clock.systemUTC());
        assertThat(created.createdNow()).isTrue();
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String f : List.of("root.crt", "issuing.crt", "root.key.enc", "issuing.key.enc")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(f))).as(f)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("root.crt", "issuing.crt", "root.key.enc", "issuing.key.enc");
        }
        String keyPem = Files.readString(dir.resolve("issuing.key.enc"), StandardCharsets.US_ASCII);
        assertThat(keyPem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----").doesNotContain("BEGIN PRIVATE KEY");

        CertificateAuthority loaded = CertificateAuthority.loadOrCreate(dir, TestCa.PASSPHRASE, TestCa.URLS,
                Clock.systemUTC());
        assertThat(loaded.createdNow()).isFalse();
        assertThat(loaded.rootCertificate()).isEqualTo(created.rootCertificate());
        assertThat(loaded.issuingCertificate()).isEqualTo(created.issuingCertificate());
        assertThat(loaded.chain()).containsExactly(created.issuingCertificate(), created.rootCertificate());
        // the reloaded issuing key still signs certificates that verify under the original issuing certificate
        X509Certificate leaf = TestCa.device(loaded, "dev-reload", Instant.now());
        leaf.verify(created.issuingCertificate().getPublicKey());

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "wrong passphrase!".toCharArray(), TestCa.URLS,
                Clock.systemUTC()))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("wrong CA passphrase");

        Files.delete(dir.resolve("root.key.enc"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, TestCa.PASSPHRASE, TestCa.URLS, Clock.systemUTC()))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("incomplete");
    }

    @Test
    void caCertificatesHaveTheRootAndIssuingProfiles() throws Exception {
        CertificateAuthority ca = TestCa.shared();
        X509Certificate root = ca.rootCertificate();
        X509Certificate issuing = ca.issuingCertificate();
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(issuing.getBasicConstraints()).isZero();
        assertThat(root.getKeyUsage()[5]).isTrue();
        assertThat(root.getKeyUsage()[6]).isTrue();
        assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getSerialNumber().signum()).isPositive();
        assertThat(root.getSerialNumber()).isNotEqualTo(issuing.getSerialNumber());
        assertThat(Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()).toDays())
                .isBetween(3652L, 3654L);
        assertThat(Duration.between(issuing.getNotBefore().toInstant(), issuing.getNotAfter().toInstant()).toDays())
                .isBetween(1825L, 1827L);
        assertThat(root.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(issuing.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(issuing.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void deviceCertificateHasTheFullProfileWithMudUrl() throws Exception {
        CertificateAuthority ca = TestCa.shared();
        KeyPair kp = KeyPairs.ecP256();
        Instant now = Instant.now();
        X509Certificate cert = ca.issue(DeviceId.of("dev-42"), kp.getPublic(), TestCa.model(RiskProfile.CONSUMER, MUD), now);
        cert.verify(ca.issuingCertificate().getPublicKey());
        X509CertificateHolder h = new JcaX509CertificateHolder(cert);

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=dev-42");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.issuingCertificate().getSubjectX500Principal());
        assertThat(cert.getPublicKey()).isEqualTo(kp.getPublic());
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "urn:palisade:device:dev-42"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(h.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(h.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(h.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(h.getExtension(Extension.authorityKeyIdentifier)).isNotNull();

        CRLDistPoint dp = CRLDistPoint.getInstance(h.getExtension(Extension.cRLDistributionPoints).getParsedValue());
        GeneralNames dpNames = (GeneralNames) dp.getDistributionPoints()[0].getDistributionPoint().getName();
        assertThat(dpNames.getNames()[0].getName().toString()).isEqualTo("http://pki.example.test/crl");
        AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                h.getExtension(Extension.authorityInfoAccess).getParsedValue());
        assertThat(aia.getAccessDescriptions()).hasSize(1);
        assertThat(aia.getAccessDescriptions()[0].getAccessMethod().getId()).isEqualTo("1.3.6.1.5.5.7.48.1");
        assertThat(aia.getAccessDescriptions()[0].getAccessLocation().getTagNo())
                .isEqualTo(GeneralName.uniformResourceIdentifier);
        assertThat(aia.getAccessDescriptions()[0].getAccessLocation().getName().toString())
                .isEqualTo("http://pki.example.test/ocsp");

        Extension mud = h.getExtension(CertificateAuthority.MUD_URL_OID);
        assertThat(mud).isNotNull();
        assertThat(mud.isCritical()).isFalse();
        ASN1Primitive value = mud.getParsedValue().toASN1Primitive();
        assertThat(value).isInstanceOf(ASN1IA5String.class);
        assertThat(((ASN1IA5String) value).getString()).isEqualTo(MUD);
        byte[] jdkValue = cert.getExtensionValue("1.3.6.1.5.5.7.1.25");
        assertThat(ASN1OctetString.getInstance(jdkValue).getOctets()[0]).isEqualTo((byte) 0x16); // IA5String tag

        assertThat(cert.getNotBefore().toInstant()).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(60));
        assertThat(Chains.deviceIdOf(cert)).contains(DeviceId.of("dev-42"));
    }

    @Test
    void deviceCertificateWithoutMudUrlHasNoMudExtension() throws Exception {
        X509Certificate cert = TestCa.shared().issue(DeviceId.of("dev-43"), KeyPairs.ecP256().getPublic(),
                TestCa.model(RiskProfile.INDUSTRIAL, null), Instant.now());
        assertThat(cert.getExtensionValue("1.3.6.1.5.5.7.1.25")).isNull();
        assertThat(cert.getNonCriticalExtensionOIDs()).doesNotContain("1.3.6.1.5.5.7.1.25");
    }

    @Test
    void nonAsciiMudUrlIsRejected() {
        assertThatThrownBy(() -> TestCa.shared().issue(DeviceId.of("dev-46"), KeyPairs.ecP256().getPublic(),
                TestCa.model(RiskProfile.CONSUMER, "https://mud.example.com/th\u00e9rmo.json"), Instant.now()))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("ASCII");
    }

    @ParameterizedTest
    @EnumSource(RiskProfile.class)
    void validityFollowsTheRiskProfile(RiskProfile profile) {
        Instant now = Instant.parse("2026-11-22T10:15:30.250Z");
        if (now.isBefore(TestCa.shared().issuingCertificate().getNotBefore().toInstant())) {
            now = Instant.now();
        }
        X509Certificate cert = TestCa.shared().issue(DeviceId.of("dev-44"), KeyPairs.ecP256().getPublic(),
                TestCa.model(profile, null), now);
        assertThat(cert.getNotAfter().toInstant())
                .isEqualTo(now.truncatedTo(ChronoUnit.SECONDS).minus(java.time.Duration.ofMinutes(1)).plus(profile.certificateValidity()));
        assertThat(java.time.Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .as("the total lifetime never exceeds the profile's maximum").isEqualTo(profile.certificateValidity());
    }

    @Test
    void deviceValidityNeverExceedsTheIssuingCa() {
        CertificateAuthority ca = TestCa.shared();
        Instant caEnd = ca.issuingCertificate().getNotAfter().toInstant();
        X509Certificate cert = ca.issue(DeviceId.of("dev-45"), KeyPairs.ecP256().getPublic(),
                TestCa.model(RiskProfile.CONSUMER, null), caEnd.minus(Duration.ofDays(10)));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(caEnd);
        assertThatThrownBy(() -> ca.issue(DeviceId.of("dev-45"), KeyPairs.ecP256().getPublic(),
                TestCa.model(RiskProfile.CONSUMER, null), caEnd.plusSeconds(5)))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("issuing CA expired");
    }

    @Test
    void serialsAreRandomPositiveAndAtLeast64Bits() {
        CertificateAuthority ca = TestCa.shared();
        java.util.Set<BigInteger> serials = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger s = TestCa.device(ca, "dev-s" + i, Instant.now()).getSerialNumber();
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isGreaterThan(64);
            assertThat(s.bitLength()).isLessThanOrEqualTo(159);
            serials.add(s);
        }
        assertThat(serials).hasSize(20);
    }

    @Test
    void serverCertificateHasServerAuthAndSans() throws Exception {
        CertificateAuthority ca = TestCa.shared();
        KeyPair kp = KeyPairs.ecP256();
        X509Certificate cert = ca.issueServerCertificate(List.of("palisade.example.com", "localhost"),
                List.of("127.0.0.1", "::1"), kp.getPublic(), Duration.ofDays(30));
        cert.verify(ca.issuingCertificate().getPublicKey());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "palisade.example.com"),
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays())
                .isEqualTo(30);
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of("bad name/"), List.of(), kp.getPublic(),
                Duration.ofDays(1))).isInstanceOf(PalisadeException.class).hasMessageContaining("invalid DNS name");
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of("300.1.1.1"), kp.getPublic(),
                Duration.ofDays(1))).isInstanceOf(PalisadeException.class).hasMessageContaining("invalid IP address");
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of(), kp.getPublic(), Duration.ofDays(1)))
                .isInstanceOf(PalisadeException.class);
    }

    @Test
    void crlListsOnlyRevocationsInForceWithReasonsAndGrowingNumber() throws Exception {
        CertificateAuthority ca = TestCa.shared();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateRecord compromised = TestCa.record(TestCa.device(ca, "dev-c1", now), "dev-c1")
                .revoked(now.minusSeconds(30), RevocationReason.KEY_COMPROMISE);
        CertificateRecord later = TestCa.record(TestCa.device(ca, "dev-c2", now), "dev-c2")
                .revoked(now.plusSeconds(600), RevocationReason.SUPERSEDED);
        CertificateRecord valid = TestCa.record(TestCa.device(ca, "dev-c3", now), "dev-c3");

        byte[] der = ca.crl(List.of(compromised, later, valid), now);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(ca.issuingCertificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.issuingCertificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(now);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        X509CRLEntry entry = crl.getRevokedCertificate(compromised.serial());
        assertThat(entry.getRevocationDate().toInstant()).isEqualTo(now.minusSeconds(30));
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();

        BigInteger n1 = crlNumber(crl);
        X509CRL again = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(ca.crl(List.of(), now)));
        assertThat(crlNumber(again)).isGreaterThan(n1);
        assertThat(again.getRevokedCertificates()).isNull();
    }

    @Test
    void clockIsUsedForCaCreationTime() {
        CertificateAuthority ca = TestCa.foreign(); // created with a fixed clock in the past
        assertThat(ca.rootCertificate().getNotBefore().toInstant()).isEqualTo(TestCa.FOREIGN_CREATED.minusSeconds(60));
        assertThat(ca.issuingCertificate().getNotBefore().toInstant())
                .isEqualTo(TestCa.FOREIGN_CREATED.minusSeconds(60));
        assertThat(ca.issuingCertificate().getSubjectX500Principal().getName()).startsWith("CN=Palisade Issuing CA ");
    }

    @Test
    void rejectsShortPassphraseAndBadUrls(@TempDir Path tmp) {
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(tmp, "short".toCharArray(), TestCa.URLS,
                Clock.systemUTC())).isInstanceOf(PalisadeException.class).hasMessageContaining("passphrase");
        assertThatThrownBy(() -> new CaUrls("ftp://x/crl", "http://x/ocsp"))
                .isInstanceOf(PalisadeException.class).extracting(e -> ((PalisadeException) e).code())
                .isEqualTo(ErrorCode.INVALID_INPUT);
    }

    private static BigInteger crlNumber(X509CRL crl) throws Exception {
        byte[] v = crl.getExtensionValue(Extension.cRLNumber.getId());
        return org.bouncycastle.asn1.ASN1Integer.getInstance(ASN1OctetString.getInstance(v).getOctets()).getValue();
    }
}
