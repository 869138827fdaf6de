package io.palisade.server.mud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.server.TestServer;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MUD manager end to end through the CLI and API: trusted signers, signed / unsigned / tampered / expired
 * imports, versioned profiles per model, flow verdicts from a gateway, violations as alerts that quarantine a
 * critical-profile device after repeated violations, and the nftables export checked by nft.
 */
class MudServerTest {
    static final String THERMO_URL = "https://thermo.example.com/.well-known/mud/t2";

    @TempDir
    Path tmp;

    Path resource(String name) throws Exception {
        Path f = tmp.resolve(name);
        try (InputStream in = MudServerTest.class.getResourceAsStream("/mud/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    record Signer(X509Certificate cert, KeyPair key) {
    }

    static Signer signer(String cn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
        return new Signer(new JcaX509CertificateConverter().getCertificate(b.build(cs)), kp);
    }

    static byte[] sign(Signer s, byte[] content) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(s.key().getPrivate()), s.cert()));
        gen.addCertificates(new JcaCertStore(List.of(s.cert())));
        return gen.generate(new CMSProcessableByteArray(content), false).getEncoded();
    }

    static Path pem(Path dir, String name, X509Certificate c) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return f;
    }

    @Test
    void importVerifiesSignaturesAndBindsVersionedProfilesToTheModel() throws Exception {
        Path thermo = resource("thermostat.json");
        Signer trusted = signer("Thermo MUD signer");
        Signer stranger = signer("Somebody else");
        Path sig = tmp.resolve("thermo.p7s");
        Files.write(sig, sign(trusted, Files.readAllBytes(thermo)));
        Path badSig = tmp.resolve("stranger.p7s");
        Files.write(badSig, sign(stranger, Files.readAllBytes(thermo)));
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            // no model carries the URL yet
            TestServer.Cli c = t.cli("mud", "import", thermo.toString(), "--allow-unsigned", "first try");
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("no model carries the MUD URL " + THERMO_URL);
            assertThat(t.cli("model", "create", "--name", "t2", "--manufacturer", "Example Thermo", "--support-until", "2031-12",
                    "--mud-url", THERMO_URL, "--profile", "critical").exit()).isZero();

            // unsigned, untrusted signer, no trusted signer configured: refused
            c = t.cli("mud", "import", thermo.toString());
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("(unsigned)");
            c = t.cli("mud", "import", thermo.toString(), "--signature", sig.toString());
            assertThat(c.exit()).as("no signer is trusted yet").isEqualTo(1);
            assertThat(c.err()).contains("untrusted-signer");

            assertThat(t.cli("mud", "signer", "add", "--cert", pem(tmp, "trusted.pem", trusted.cert()).toString()).exit()).isZero();
            c = t.cli("mud", "import", thermo.toString(), "--signature", badSig.toString());
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("untrusted-signer");

            // one changed byte breaks the signature; no override can cover that
            byte[] tampered = Files.readAllBytes(thermo);
            int i = new String(tampered, StandardCharsets.UTF_8).indexOf("Example T2");
            tampered[i] = 'e';
            Path tamperedFile = tmp.resolve("tampered.json");
            Files.write(tamperedFile, tampered);
            c = t.cli("mud", "import", tamperedFile.toString(), "--signature", sig.toString(), "--allow-unsigned", "lab test");
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.err()).contains("signature-invalid");

            // the real signed Cisco file: its signer expired in 2019
            Path lum = resource("Luminaire_150.json");
            Path lumSig = resource("Luminaire_150.p7s");
            assertThat(t.cli("mud", "signer", "add", "--cert", resource("luminaire-cacert.pem").toString()).exit())
                    .as("an expired signer certificate is not accepted as trust anchor").isEqualTo(1);

            c = t.cli("mud", "import", thermo.toString(), "--signature", sig.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.out()).contains("version 1 of model t2", "signature valid", "CN=Thermo MUD signer");

            // an explicit, audited override for an unsigned file: version 2
            c = t.cli("mud", "import", thermo.toString(), "--allow-unsigned", "vendor publishes no signature yet", "--json");
            assertThat(c.exit()).as(c.err()).isZero();
            JsonNode r = TestServer.json(c.out());
            assertThat(r.path("profile").path("version").asInt()).isEqualTo(2);
            assertThat(r.path("profile").path("signature").asText()).isEqualTo("unsigned-overridden");

            JsonNode view = t.get("/api/v1/models/t2/mud").json();
            assertThat(view.path("active").path("version").asInt()).isEqualTo(2);
            assertThat(view.path("history")).hasSize(2);
            assertThat(view.path("history").get(0).path("signature").asText()).isEqualTo("valid");
            assertThat(view.path("active").path("overrideReason").asText()).isEqualTo("vendor publishes no signature yet");
            assertThat(t.get("/api/v1/audit?limit=1000").json().findValuesAsText("action")).contains("mud.imported", "mud.unsigned-override");
            assertThat(t.cli("mud", "show", "--model", "t2").out()).contains("unsigned-overridden", "valid");
            assertThat(lum).exists();
            assertThat(lumSig).exists();

            // bad input through the API: not base64, not JSON, malformed MUD
            assertThat(t.post("/api/v1/mud/import", "{\"mud\":\"%%%\"}").status()).isEqualTo(400);
            assertThat(t.post("/api/v1/mud/import", "not json").status()).isEqualTo(400);
            String garbage = java.util.Base64.getEncoder().encodeToString("{\"ietf-mud:mud\": 7}".getBytes(StandardCharsets.UTF_8));
            TestServer.Response bad = t.post("/api/v1/mud/import", "{\"mud\":\"" + garbage + "\",\"override\":\"x\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("detail").asText()).contains("MUD file refused");
        }
    }

    @Test
    void deniedFlowsAreViolationsThatQuarantineACriticalDeviceAndNftAgrees() throws Exception {
        Path thermo = resource("thermostat.json");
        Path site = resource("site.json");
        Path certs = tmp.resolve("certs");
        try (TestServer t = new TestServer(tmp.resolve("data"))) {
            assertThat(t.cli("model", "create", "--name", "t2", "--manufacturer", "Example Thermo", "--support-until", "2031-12",
                    "--mud-url", THERMO_URL, "--profile", "critical").exit()).isZero();
            assertThat(t.cli("mud", "import", thermo.toString(), "--allow-unsigned", "test").exit()).isZero();
            assertThat(t.cli("device", "create", "--model", "t2", "--id", "th-1", "--out", certs.toString()).exit()).isZero();
            assertThat(t.cli("mud", "site", site.toString()).exit()).isZero();
            assertThat(t.cli("mud", "bind", "--device", "th-1", "--ip", "192.168.1.50").exit()).isZero();

            Path flows = tmp.resolve("flows.jsonl");
            Files.writeString(flows, """
                    {"src":"192.168.1.50","sport":50000,"dst":"203.0.113.10","dport":443,"proto":"tcp","dst_name":"api.thermo.example.com","initiator":"src"}
                    {"src":"192.168.1.50","sport":50001,"dst":"198.51.100.7","dport":4444,"proto":"tcp","initiator":"src"}
                    this is not json
                    {"src":"10.9.9.9","sport":1,"dst":"10.9.9.8","dport":2,"proto":"tcp"}
                    """);
            TestServer.Cli c = t.cli("mud", "flows", flows.toString(), "--json");
            assertThat(c.exit()).as(c.err()).isZero();
            JsonNode v = TestServer.json(c.out()).path("verdicts");
            assertThat(v.get(0).path("verdict").asText()).isEqualTo("allow");
            assertThat(v.get(0).path("acl").asText()).isNotEmpty();
            assertThat(v.get(1).path("verdict").asText()).isEqualTo("deny");
            assertThat(v.get(1).path("device").asText()).isEqualTo("th-1");
            assertThat(v.get(2).path("error").asText()).isNotEmpty();
            assertThat(v.get(3).path("error").asText()).contains("no device");
            assertThat(t.get("/api/v1/devices/th-1").json().path("device").path("state").asText()).isNotEqualTo("quarantined");

            // the alert carries the device, the ACL and the flow; the third violation in 10 minutes quarantines
            JsonNode alerts = t.get("/api/v1/alerts?type=mud.violation").json();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("subject").asText()).isEqualTo("th-1");
            assertThat(alerts.get(0).path("samples").get(0).path("values").path("flow").asText()).contains("198.51.100.7");
            Path more = tmp.resolve("more.jsonl");
            Files.writeString(more, """
                    {"device":"th-1","src":"192.168.1.50","sport":50005,"dst":"198.51.100.8","dport":23,"proto":"tcp","initiator":"src"}
                    {"device":"th-1","src":"192.168.1.50","sport":50006,"dst":"198.51.100.9","dport":2323,"proto":"tcp","initiator":"src"}
                    """);
            assertThat(t.cli("mud", "flows", more.toString()).exit()).isZero();
            assertThat(t.get("/api/v1/alerts?type=mud.violation").json().get(0).path("count").asLong()).isEqualTo(3);
            assertThat(t.get("/api/v1/devices/th-1").json().path("device").path("state").asText()).isEqualTo("quarantined");
            JsonNode actions = t.get("/api/v1/responses/actions").json();
            assertThat(actions.findValuesAsText("type")).contains("QUARANTINE");
            assertThat(t.get("/api/v1/incidents").json()).isNotEmpty();
            assertThat(t.cli("alerts", "list").out()).contains("mud.violation", "th-1");

            // while quarantined, the gateway policy is the quarantine profile: the platform stays reachable, the cloud does not
            Path q = tmp.resolve("quarantined.jsonl");
            Files.writeString(q, "{\"device\":\"th-1\",\"src\":\"192.168.1.50\",\"sport\":50010,\"dst\":\"127.0.0.1\",\"dport\":"
                    + t.server.mqttPort() + ",\"proto\":\"tcp\",\"initiator\":\"src\"}\n"
                    + "{\"device\":\"th-1\",\"src\":\"192.168.1.50\",\"sport\":50011,\"dst\":\"203.0.113.10\",\"dport\":443,\"proto\":\"tcp\","
                    + "\"dst_name\":\"api.thermo.example.com\",\"initiator\":\"src\"}\n");
            JsonNode qv = TestServer.json(t.cli("mud", "flows", q.toString(), "--json").out()).path("verdicts");
            assertThat(qv.get(0).path("verdict").asText()).as(qv.toString()).isEqualTo("allow");
            assertThat(qv.get(0).path("acl").asText()).startsWith("quarantine");
            assertThat(qv.get(1).path("verdict").asText()).as("the profile's cloud flow is cut while quarantined").isEqualTo("deny");

            // undo: release from quarantine
            String actionId = null;
            for (JsonNode a : actions) {
                if ("QUARANTINE".equals(a.path("type").asText()) && "EXECUTED".equals(a.path("status").asText())) {
                    actionId = a.path("id").asText();
                }
            }
            assertThat(actionId).isNotNull();
            assertThat(t.cli("response", "undo", actionId).exit()).isZero();
            assertThat(t.get("/api/v1/devices/th-1").json().path("device").path("state").asText()).isNotEqualTo("quarantined");

            // nftables export for the model, checked by nft when it can run here
            Path nft = tmp.resolve("t2.nft");
            c = t.cli("mud", "nft", "--model", "t2", "--device-ip", "192.168.1.50", "--out", nft.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(Files.readString(nft)).contains("table", "192.168.1.50");
            if (TestServer.has("nft")) {
                TestServer.Cli check = TestServer.exec(tmp, "nft", "-c", "-f", nft.toString());
                org.junit.jupiter.api.Assumptions.assumeTrue(!check.err().contains("Operation not permitted"), "nft -c needs CAP_NET_ADMIN here");
                assertThat(check.exit()).as(check.err()).isZero();
            }
            // offline export of the same file agrees in shape
            c = t.cli("mud", "nft", "--mud", thermo.toString(), "--device-ip", "192.168.1.50", "--site", site.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.out()).contains("192.168.1.50");
        }
    }
}
