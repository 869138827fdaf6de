package io.palisade.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.device.KeyOrigin;
import io.palisade.device.KeyStorage;
import io.palisade.device.tpm.Swtpm;
import io.palisade.device.tpm.Tpm;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The device key in a TPM (swtpm): generated inside, never exported, CSR and TLS client signatures made by the TPM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TpmKeyStorageTest {
    @TempDir
    Path dir;

    @Test
    void keyIsGeneratedInTheTpmSignsTheCsrAndIsFoundAgain() throws Exception {
        try (Swtpm swtpm = Swtpm.start(dir.resolve("state"))) {
            Tpm tpm = swtpm.tpm(dir.resolve("work"));
            TpmKeyStorage key = TpmKeyStorage.open(tpm);
            assertThat(KeyOrigin.of(key)).isEqualTo(KeyOrigin.TPM);
            assertThat(KeyOrigin.of(KeyStorage.generateInMemory())).isEqualTo(KeyOrigin.SOFTWARE);
            assertThat(key.privateKey().getEncoded()).isNull();

            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(key.csr("gw-tpm-7"));
            assertThat(csr.getSubject().toString()).isEqualTo("CN=gw-tpm-7");
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.publicKey()))).isTrue();

            TpmKeyStorage again = TpmKeyStorage.open(tpm);
            assertThat(again.publicKey()).isEqualTo(key.publicKey());
        }
    }

    @Test
    void tlsClientHandshakeSignsInTheTpm() throws Exception {
        try (Swtpm swtpm = Swtpm.start(dir.resolve("state"))) {
            TpmKeyStorage key = TpmKeyStorage.open(swtpm.tpm(dir.resolve("work")));
            X509Certificate clientCert = AbstractKeyStorage.selfSigned("gw-tpm-7", key.publicKey(), key.privateKey(),
                    key.signingProvider());
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair serverKey = g.generateKeyPair();
            X509Certificate serverCert = AbstractKeyStorage.selfSigned("localhost", serverKey.getPublic(),
                    serverKey.getPrivate(), null);

            SSLContext server = SSLContext.getInstance("TLSv1.3");
            KeyStore serverKs = KeyStore.getInstance("PKCS12");
            serverKs.load(null, null);
            serverKs.setKeyEntry("server", serverKey.getPrivate(), "pw".toCharArray(),
                    new java.security.cert.Certificate[] {serverCert});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(serverKs, "pw".toCharArray());
            server.init(kmf.getKeyManagers(), trust(clientCert), null);
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(key.keyManagers(List.of(clientCert)).getKeyManagers(), trust(serverCert), null);

            try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
                ss.setNeedClientAuth(true);
                CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                    try (SSLSocket s = (SSLSocket) ss.accept(); InputStream in = s.getInputStream()) {
                        in.read();
                        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                                .getName();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort());
                        OutputStream out = c.getOutputStream()) {
                    c.startHandshake();
                    out.write(1);
                    out.flush();
                    assertThat(peer.get(60, TimeUnit.SECONDS)).isEqualTo("CN=gw-tpm-7");
                }
            }
        }
    }

    static javax.net.ssl.TrustManager[] trust(X509Certificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("peer", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf.getTrustManagers();
    }
}
