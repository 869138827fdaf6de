package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.pki.Pem;
import io.palisade.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation, end to end, as a user drives it: the CLI against a running server, with openssl and curl as
 * independent peers for the certificate chain, EST, the CRL and OCSP; then a restart keeps everything.
 */
class FoundationEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void cliEstRevocationAndRestart() throws Exception {
        assumeTrue(TestServer.has("openssl"), "openssl is required (apt-get install openssl); .ci/run installs it");
        assumeTrue(TestServer.has("curl"), "curl is required (apt-get install curl); .ci/run installs it");
        Path data = tmp.resolve("data");
        Path certs = tmp.resolve("certs");
        Files.createDirectories(certs);
        try (TestServer t = new TestServer(data)) {
            // models
            TestServer.Cli c = t.cli("model", "create", "--name", "acme-cam", "--manufacturer", "Acme", "--support-until", "2031-12",
                    "--mud-url", "https://mud.acme.example/acme-cam.json", "--profile", "consumer");
            assertThat(c.exit()).as(c.err()).isZero();
            c = t.cli("model", "create", "--name", "acme-cam", "--manufacturer", "Acme", "--support-until", "2031-12");
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("already exists");
            c = t.cli("model", "list", "--json");
            assertThat(Json.MAPPER.readTree(c.out()).get(0).path("mudUrl").asText()).isEqualTo("https://mud.acme.example/acme-cam.json");

            // device create with a locally generated key
            c = t.cli("device", "create", "--model", "acme-cam", "--id", "cam-0001", "--out", certs.toString(), "--firmware", "1.4.1");
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(Files.getPosixFilePermissions(certs.resolve("cam-0001.key")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Pem.readCertificates(Files.readString(certs.resolve("cam-0001.crt")))).hasSize(2);
            TestServer.Cli v = TestServer.exec(certs, "openssl", "verify", "-CAfile", "ca.crt", "-untrusted", "cam-0001.crt", "cam-0001.crt");
            assertThat(v.out()).contains("cam-0001.crt: OK");
            TestServer.Cli text = TestServer.exec(certs, "openssl", "x509", "-in", "cam-0001.crt", "-noout", "-text");
            assertThat(text.out()).contains("CN = cam-0001", "URI:urn:palisade:device:cam-0001", "TLS Web Client Authentication",
                    "1.3.6.1.5.5.7.1.25", "mud.acme.example", "/pki/crl", "OCSP - URI");
            assertThat(text.out()).doesNotContain("TLS Web Server Authentication");

            // device create with a CSR made by openssl (the key never leaves the "device")
            TestServer.exec(certs, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "cam-0002.key", "-subj", "/CN=cam-0002", "-out", "cam-0002.csr");
            c = t.cli("device", "create", "--model", "acme-cam", "--id", "cam-0002", "--csr", certs.resolve("cam-0002.csr").toString(),
                    "--out", certs.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(TestServer.exec(certs, "openssl", "verify", "-CAfile", "ca.crt", "-untrusted", "cam-0002.crt", "cam-0002.crt").out())
                    .contains("OK");
            // the same key for another device is refused, and nothing is created
            c = t.cli("device", "create", "--model", "acme-cam", "--id", "cam-0009", "--csr", certs.resolve("cam-0002.csr").toString(),
                    "--out", certs.toString());
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("CSR subject claims another device");
            TestServer.exec(certs, "openssl", "req", "-new", "-key", "cam-0002.key", "-subj", "/CN=cam-0009", "-out", "reuse.csr");
            c = t.cli("device", "create", "--model", "acme-cam", "--id", "cam-0009", "--csr", certs.resolve("reuse.csr").toString(),
                    "--out", certs.toString());
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("already bound to another device");
            assertThat(t.cli("device", "show", "--id", "cam-0009").exit()).isEqualTo(1);

            // EST simpleenroll with curl, an openssl CSR and a one-time token
            assertThat(t.cli("device", "register", "--model", "acme-cam", "--id", "cam-0003").exit()).isZero();
            c = t.cli("device", "token", "--id", "cam-0003");
            assertThat(c.exit()).isZero();
            String token = c.out().trim();
            TestServer.exec(certs, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "cam-0003.key", "-subj", "/CN=cam-0003", "-outform", "DER", "-out", "cam-0003.der");
            Files.writeString(certs.resolve("cam-0003.b64"),
                    java.util.Base64.getMimeEncoder().encodeToString(Files.readAllBytes(certs.resolve("cam-0003.der"))));
            String estUrl = t.https() + "/.well-known/est/simpleenroll";
            TestServer.Cli est = TestServer.exec(certs, "curl", "-sS", "--cacert", "ca.crt", "-u", "cam-0003:" + token,
                    "-H", "Content-Type: application/pkcs10", "--data-binary", "@cam-0003.b64", "-o", "cam-0003.p7.b64", "-w", "%{http_code}", estUrl);
            assertThat(est.out()).isEqualTo("200");
            TestServer.exec(certs, "openssl", "base64", "-d", "-in", "cam-0003.p7.b64", "-out", "cam-0003.p7");
            TestServer.Cli p7 = TestServer.exec(certs, "openssl", "pkcs7", "-inform", "DER", "-in", "cam-0003.p7", "-print_certs");
            assertThat(p7.out()).contains("subject=CN = cam-0003");
            TestServer.exec(certs, "openssl", "pkcs7", "-inform", "DER", "-in", "cam-0003.p7", "-print_certs", "-out", "cam-0003.pem");
            Files.writeString(certs.resolve("issuing.pem"), Pem.certificate(t.server.ca().issuingCertificate()), StandardCharsets.US_ASCII);
            Files.writeString(certs.resolve("cam-0003.chain.pem"), Files.readString(certs.resolve("cam-0003.pem")) + Files.readString(certs.resolve("issuing.pem")));
            // replayed token
            est = TestServer.exec(certs, "curl", "-sS", "--cacert", "ca.crt", "-u", "cam-0003:" + token,
                    "-H", "Content-Type: application/pkcs10", "--data-binary", "@cam-0003.b64", "-w", "\n%{http_code}", estUrl);
            assertThat(est.out()).endsWith("401").contains("enrollment token rejected");
            assertThat(t.get("/api/v1/devices/cam-0003").json().path("device").path("state").asText()).isEqualTo("enrolled");
            // cacerts with curl
            TestServer.Cli ca = TestServer.exec(certs, "curl", "-sS", "--cacert", "ca.crt", "-o", "cacerts.b64", "-w", "%{http_code}",
                    t.https() + "/.well-known/est/cacerts");
            assertThat(ca.out()).isEqualTo("200");

            // simplereenroll with curl presenting cam-0002's certificate
            TestServer.exec(certs, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "cam-0002-new.key", "-subj", "/CN=cam-0002", "-outform", "DER", "-out", "cam-0002-new.der");
            Files.writeString(certs.resolve("cam-0002-new.b64"),
                    java.util.Base64.getMimeEncoder().encodeToString(Files.readAllBytes(certs.resolve("cam-0002-new.der"))));
            est = TestServer.exec(certs, "curl", "-sS", "--cacert", "ca.crt", "--cert", "cam-0002.crt", "--key", "cam-0002.key",
                    "-H", "Content-Type: application/pkcs10", "--data-binary", "@cam-0002-new.b64", "-o", "/dev/null", "-w", "%{http_code}",
                    t.https() + "/.well-known/est/simplereenroll");
            assertThat(est.out()).isEqualTo("200");
            JsonNode certsOf2 = t.get("/api/v1/devices/cam-0002/certificates").json();
            assertThat(certsOf2).hasSize(2);
            assertThat(certsOf2.findValuesAsText("reason")).contains("superseded");

            // revoke cam-0001: CRL (openssl verify -crl_check) and OCSP (openssl ocsp) agree
            c = t.cli("device", "revoke", "--id", "cam-0001", "--reason", "key-compromise");
            assertThat(c.exit()).as(c.err()).isZero();
            assertRevocation(t, certs);

            // restart keeps CA, devices, revocations and the audit chain
            String rootBefore = Files.readString(certs.resolve("ca.crt"));
            t.restart();
            assertThat(t.cli("ca", "export").out()).isEqualTo(rootBefore);
            JsonNode devices = Json.MAPPER.readTree(t.cli("device", "list", "--json").out());
            assertThat(devices.findValuesAsText("id")).containsExactly("cam-0001", "cam-0002", "cam-0003");
            assertThat(devices.findValuesAsText("state")).containsExactly("registered", "enrolled", "enrolled");
            assertRevocation(t, certs);
            c = t.cli("audit", "verify");
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.out()).contains("intact");
            List<String> actions = t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action");
            assertThat(actions).contains("ca.created", "api-token.created", "model.created", "device.registered", "cert.issued",
                    "token.issued", "token.used", "token.rejected", "cert.revoked", "lifecycle.transition");
        }
    }

    private static void assertRevocation(TestServer t, Path certs) throws Exception {
        TestServer.exec(certs, "curl", "-sS", "-o", "crl.der", t.api() + "/pki/crl");
        TestServer.exec(certs, "openssl", "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
        TestServer.Cli crl = TestServer.exec(certs, "openssl", "crl", "-in", "crl.pem", "-CAfile", "issuing.pem", "-noout");
        assertThat(crl.out()).contains("verify OK");
        TestServer.Cli revoked = TestServer.exec(certs, "openssl", "verify", "-crl_check", "-CAfile", "ca.crt", "-untrusted", "cam-0001.crt",
                "-CRLfile", "crl.pem", "cam-0001.crt");
        assertThat(revoked.exit()).isNotZero();
        assertThat(revoked.out()).contains("certificate revoked");
        TestServer.Cli good = TestServer.exec(certs, "openssl", "verify", "-crl_check", "-CAfile", "ca.crt", "-untrusted", "cam-0003.chain.pem",
                "-CRLfile", "crl.pem", "cam-0003.pem");
        assertThat(good.out()).contains(": OK");
        TestServer.Cli ocsp = TestServer.exec(certs, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "cam-0001.crt",
                "-url", t.api() + "/pki/ocsp", "-CAfile", "ca.crt");
        assertThat(ocsp.out()).contains("Response verify OK", "cam-0001.crt: revoked");
        ocsp = TestServer.exec(certs, "openssl", "ocsp", "-issuer", "issuing.pem", "-cert", "cam-0003.pem",
                "-url", t.api() + "/pki/ocsp", "-CAfile", "ca.crt");
        assertThat(ocsp.out()).contains("Response verify OK", "cam-0003.pem: good");
    }
}
