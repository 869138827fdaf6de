package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.wire.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key in a SoftHSM2 token through SunPKCS11: generated in the token, CSR signed inside it, used as the TLS client
 * key against a real Mosquitto broker. SoftHSM2 reads SOFTHSM2_CONF when the JVM initialises the library, so the
 * surefire configuration sets it to target/softhsm2.conf, which this test writes before touching the token.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class Pkcs11KeyStorageTest {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final Path UTIL = Path.of("/usr/bin/softhsm2-util");
    static final char[] PIN = "4711-device".toCharArray();

    @TempDir
    static Path dir;
    static Path sunPkcs11Config;

    @BeforeAll
    static void initToken() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(conf != null,
                "SOFTHSM2_CONF is not set for this JVM (run through Maven: surefire sets it)");
        Assumptions.assumeTrue(Files.isExecutable(UTIL) && Files.exists(LIBRARY),
                "SoftHSM2 is not installed (apt-get install softhsm2)");
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("softhsm-tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> s = Files.walk(tokens)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(UTIL.toString(), "--init-token", "--free", "--label", "palisade-test",
                "--pin", new String(PIN), "--so-pin", "so-secret-0815").redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", confFile.toString());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
        assertThat(m.find()).as("softhsm2-util output: %s", out).isTrue();
        sunPkcs11Config = Files.writeString(dir.resolve("sunpkcs11.cfg"),
                "name = PalisadeDeviceTest\nlibrary = " + LIBRARY + "\nslot = " + m.group(1) + "\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void generatesTheKeyInTheTokenSignsTheCsrInsideAndFindsItAgain() throws Exception {
        KeyStorage key = KeyStorage.pkcs11(sunPkcs11Config, PIN, "csr-key");
        assertThat(key.toString()).contains("SunPKCS11-PalisadeDeviceTest");

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(key.csr("plc-17"));
        assertThat(csr.getSubject().toString()).isEqualTo("CN=plc-17");
        assertThat(new JcaPKCS10CertificationRequest(csr).getPublicKey()).isEqualTo(key.publicKey());
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.publicKey()))).isTrue();

        KeyStorage again = KeyStorage.pkcs11(sunPkcs11Config, PIN, "csr-key");
        assertThat(again.publicKey()).isEqualTo(key.publicKey());
        KeyStorage other = KeyStorage.pkcs11(sunPkcs11Config, PIN, "another-key");
        assertThat(other.publicKey()).isNotEqualTo(key.publicKey());
    }

    @Test
    void theTokenKeyIsTheTlsClientKeyAgainstMosquitto() throws Exception {
        MosquittoBroker.assumeInstalled();
        TestPki pki = TestPki.create("Palisade Test Root");
        KeyStorage key = KeyStorage.pkcs11(sunPkcs11Config, PIN, "tls-key");
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(key.csr("hsm-dev-1"));
        X509Certificate leaf = pki.issueClient("hsm-dev-1", new JcaPKCS10CertificationRequest(csr).getPublicKey());
        try (MosquittoBroker broker = MosquittoBroker.start(dir, pki);
                Observer observer = new Observer(pki, broker.port);
                DeviceAgent agent = DeviceAgent.builder().deviceId("hsm-dev-1").keyStorage(key)
                        .chain(List.of(leaf)).trustedRoot(pki.root).mqttHost("localhost").mqttPort(broker.port)
                        .timeout(Duration.ofSeconds(15)).build()) {
            observer.subscribe(Topics.telemetry("hsm-dev-1"));
            agent.connect();
            agent.publishTelemetry("{\"ts\":7,\"temperatureC\":30.5}").get(15, TimeUnit.SECONDS);
            assertThat(observer.next(Duration.ofSeconds(15)).payload()).isEqualTo("{\"ts\":7,\"temperatureC\":30.5}");
        }
    }

    @Test
    void aWrongPinIsRefused() {
        assertThatThrownBy(() -> KeyStorage.pkcs11(sunPkcs11Config, "0000".toCharArray(), "csr-key"))
                .isInstanceOf(DeviceException.class).hasMessageContaining("PIN");
    }

    @Test
    void aliasesAreValidated() {
        assertThatThrownBy(() -> KeyStorage.pkcs11(sunPkcs11Config, PIN, "../x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingConfigurationIsAClearError() throws IOException {
        assertThatThrownBy(() -> KeyStorage.pkcs11(dir.resolve("missing.cfg"), PIN, "k"))
                .isInstanceOf(DeviceException.class).hasMessageContaining("missing.cfg");
    }
}
