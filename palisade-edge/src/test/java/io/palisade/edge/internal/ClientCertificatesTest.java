package io.palisade.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.device.DeviceId;
import io.palisade.edge.TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/** The second, fail-closed chain check and identity extraction, against the Paho TLS test PKI and our own. */
class ClientCertificatesTest {
    static final Instant IN_PAHO_VALIDITY = Instant.parse("2025-06-01T00:00:00Z");
    final X509Certificate root = TestPki.corpusCert("test-root-ca.crt");
    final X509Certificate signing = TestPki.corpusCert("test-signing-ca.crt");
    final ClientCertificates trustPaho = new ClientCertificates(List.of(root));

    @Test
    void pahoClientChainsToTheTrustedRoot() {
        assertThat(trustPaho.verify(TestPki.corpusCert("client.crt"), new X509Certificate[] {TestPki.corpusCert("client.crt"), signing}, IN_PAHO_VALIDITY))
                .isEmpty();
    }

    @Test
    void pahoExpiredClientIsRefused() {
        X509Certificate expired = TestPki.corpusCert("client-expired.crt");
        assertThat(trustPaho.verify(expired, new X509Certificate[] {expired, signing}, IN_PAHO_VALIDITY))
                .contains("certificate-expired-or-not-yet-valid");
    }

    @Test
    void chainWithoutIntermediateIsRefused() {
        X509Certificate client = TestPki.corpusCert("client.crt");
        assertThat(trustPaho.verify(client, new X509Certificate[] {client}, IN_PAHO_VALIDITY)).contains("untrusted-chain");
    }

    @Test
    void fakeAndBadRootsAreNotTrusted() {
        X509Certificate client = TestPki.corpusCert("client.crt");
        X509Certificate[] chain = {client, signing};
        // the fake root has the real root's name but another key
        assertThat(new ClientCertificates(List.of(TestPki.corpusCert("test-fake-root-ca.crt"))).verify(client, chain, IN_PAHO_VALIDITY))
                .contains("untrusted-chain");
        assertThat(new ClientCertificates(List.of(TestPki.corpusCert("test-bad-root-ca.crt"))).verify(client, chain, IN_PAHO_VALIDITY))
                .contains("untrusted-chain");
        // a certificate forged in the trusted root's name with the fake root's key
        TestPki.Identity forged = TestPki.forged(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                TestPki.corpusKey("test-fake-root-ca.key"), "dev-forged");
        assertThat(trustPaho.verify(forged.cert(), new X509Certificate[] {forged.cert()}, Instant.now())).contains("untrusted-chain");
    }

    @Test
    void missingCertificateIsRefused() {
        assertThat(trustPaho.verify(null, null, Instant.now())).contains("no-certificate");
    }

    @Test
    void overlongChainIsRefused() {
        X509Certificate client = TestPki.corpusCert("client.crt");
        X509Certificate[] chain = new X509Certificate[9];
        java.util.Arrays.fill(chain, signing);
        assertThat(trustPaho.verify(client, chain, IN_PAHO_VALIDITY)).contains("chain-too-long");
    }

    @Test
    void deviceIdentity() {
        TestPki pki = new TestPki("Id CA");
        assertThat(ClientCertificates.deviceId(pki.device("abc-1").cert())).contains(DeviceId.of("abc-1"));
        assertThat(ClientCertificates.deviceId(pki.device("abc-2", false).cert())).contains(DeviceId.of("abc-2"));
        // the URI SAN wins over the CN
        TestPki.Identity both = TestPki.issue(pki.ca, "cn-name", "urn:palisade:device:uri-name", TestPki.ecKeys(), Instant.now(),
                Instant.now().plusSeconds(60), false);
        assertThat(ClientCertificates.deviceId(both.cert())).contains(DeviceId.of("uri-name"));
        // invalid ids are refused
        assertThat(ClientCertificates.deviceId(TestPki.corpusCert("client.crt"))).isEmpty();
        TestPki.Identity bad = TestPki.issue(pki.ca, "ok", "urn:palisade:device:../etc", TestPki.ecKeys(), Instant.now(), Instant.now().plusSeconds(60),
                false);
        assertThat(ClientCertificates.deviceId(bad.cert())).isEmpty();
        assertThat(new ClientCertificates(List.of(pki.ca.cert())).verify(pki.device("abc-1").cert(), null, Instant.now())).isEmpty();
        assertThat(new ClientCertificates(List.of(pki.ca.cert())).verify(pki.expiredDevice("abc-3").cert(), null, Instant.now()))
                .contains("certificate-expired-or-not-yet-valid");
    }
}
