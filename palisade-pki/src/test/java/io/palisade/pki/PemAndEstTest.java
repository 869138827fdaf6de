package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemAndEstTest {
    @Test
    void certificatesRoundTrip() {
        var chain = TestCa.shared().chain();
        String pem = Pem.certificates(chain);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.readCertificates(pem)).containsExactlyElementsOf(chain);
        assertThat(Pem.readCertificates(Pem.certificate(chain.get(1)))).containsExactly(chain.get(1));
    }

    @Test
    void privateKeysRoundTripAsPkcs8AndSec1(@TempDir Path dir) throws Exception {
        KeyPair kp = KeyPairs.ecP256();
        String pem = Pem.privateKey(kp.getPrivate());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());

        Openssl.assumeAvailable();
        var gen = Openssl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        assertThat(gen.exit()).as(gen.output()).isZero();
        String sec1 = Files.readString(dir.resolve("sec1.pem"), StandardCharsets.US_ASCII);
        assertThat(sec1).contains("BEGIN EC PRIVATE KEY");
        var key = Pem.readPrivateKey(sec1);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1});
        assertThat(s.sign()).isNotEmpty();
    }

    @Test
    void readersGiveClearErrors() {
        assertInvalid(() -> Pem.readCertificates(""), "empty");
        assertInvalid(() -> Pem.readCertificates("x".repeat(Pem.MAX_PEM_CHARS + 1)), "larger than");
        assertInvalid(() -> Pem.readCertificates("hello"), "no certificate found");
        assertInvalid(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"),
                "cannot be parsed");
        assertInvalid(() -> Pem.readCertificates(Pem.privateKey(KeyPairs.ecP256().getPrivate())),
                "other than a certificate");
        assertInvalid(() -> Pem.readPrivateKey(Pem.certificate(TestCa.shared().rootCertificate())), "no private key");
        assertInvalid(() -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                "private key");
    }

    @Property(tries = 200)
    void pemReadersOnlyThrowPalisadeException(@ForAll @Size(max = 300) String junk) {
        for (String text : new String[] {junk, "-----BEGIN CERTIFICATE-----\n" + junk + "\n-----END CERTIFICATE-----\n",
                "-----BEGIN EC PRIVATE KEY-----\n" + junk + "\n-----END EC PRIVATE KEY-----\n"}) {
            try {
                Pem.readCertificates(text);
            } catch (PalisadeException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            }
            try {
                Pem.readPrivateKey(text);
            } catch (PalisadeException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            }
        }
    }

    @Test
    void certsOnlyIsADegenerateSignedData() throws Exception {
        byte[] der = Est.certsOnly(TestCa.shared().chain());
        CMSSignedData cms = new CMSSignedData(der);
        assertThat(cms.getSignerInfos().size()).isZero();
        assertThat(cms.getCertificates().getMatches(null)).hasSize(2);
        assertThat(cms.getSignedContent()).isNull();
        assertThatThrownBy(() -> Est.certsOnly(java.util.List.of())).isInstanceOf(PalisadeException.class);
    }

    @Test
    void decodeBase64ToleratesLineBreaksAndRejectsBadInput() {
        byte[] data = new byte[300];
        new java.util.Random(1).nextBytes(data);
        String b64 = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
        assertThat(Est.decodeBase64((b64 + "\r\n").getBytes(StandardCharsets.US_ASCII), 1024)).isEqualTo(data);
        assertThat(Est.decodeBase64(b64.replace("\r\n", " \n").getBytes(StandardCharsets.US_ASCII), 1024))
                .isEqualTo(data);
        assertThatThrownBy(() -> Est.decodeBase64(b64.getBytes(StandardCharsets.US_ASCII), 100))
                .isInstanceOf(PalisadeException.class).hasMessageContaining("larger than 100 bytes")
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertInvalid(() -> Est.decodeBase64("not*base64".getBytes(StandardCharsets.US_ASCII), 100), "not valid base64");
        assertInvalid(() -> Est.decodeBase64(new byte[0], 100), "empty");
        assertInvalid(() -> Est.decodeBase64(" \r\n".getBytes(StandardCharsets.US_ASCII), 100), "empty");
    }

    @Property(tries = 300)
    void decodeBase64OnlyThrowsPalisadeException(@ForAll @Size(max = 200) byte[] body) {
        try {
            Est.decodeBase64(body, 150);
        } catch (PalisadeException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.PAYLOAD_TOO_LARGE);
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PalisadeException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((PalisadeException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
