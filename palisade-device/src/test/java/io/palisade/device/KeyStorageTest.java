package io.palisade.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.device.internal.PemFileKeyStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyStorageTest {
    @TempDir
    Path dir;

    @Test
    void inMemoryKeysAreFreshP256Keys() {
        KeyStorage a = KeyStorage.generateInMemory();
        KeyStorage b = KeyStorage.generateInMemory();
        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
        assertThat(a.publicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPublicKey) a.publicKey()).getParams().getCurve().getField()
                .getFieldSize()).isEqualTo(256);
    }

    @Test
    void csrRejectsInvalidDeviceIds() {
        KeyStorage k = KeyStorage.generateInMemory();
        assertThatThrownBy(() -> k.csr("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> k.csr("CN=x,O=y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pemFileIsCreatedOwnerOnlyAndLoadsTheSameKey() throws Exception {
        Path file = dir.resolve("keys/device.key");
        KeyStorage created = KeyStorage.pemFile(file);
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        KeyStorage loaded = KeyStorage.pemFile(file);
        assertThat(loaded.publicKey()).isEqualTo(created.publicKey());
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(loaded.csr("meter-4"));
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(created.publicKey()))).isTrue();
    }

    @Test
    void pemFileReadableByOthersIsRefused() throws Exception {
        Path file = dir.resolve("device.key");
        KeyStorage.pemFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyStorage.pemFile(file)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void opensslCanReadTheKeyFileAndVerifyTheCsr() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        Path file = dir.resolve("device.key");
        KeyStorage key = KeyStorage.pemFile(file);
        Path csr = Files.write(dir.resolve("device.csr"), key.csr("cam-77"));
        Process p = new ProcessBuilder(openssl.toString(), "req", "-inform", "DER", "-in", csr.toString(),
                "-verify", "-noout", "-subject").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("CN = cam-77");
        Process k = new ProcessBuilder(openssl.toString(), "pkey", "-in", file.toString(), "-noout", "-text")
                .redirectErrorStream(true).start();
        assertThat(k.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("P-256");
    }

    @Test
    void otherCurvesAndFormatsAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = TestPki.pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem(p384)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("unencrypted PKCS#8");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String rsaPem = TestPki.pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem(rsaPem)).isInstanceOf(DeviceException.class);
    }

    @Property(tries = 300)
    void arbitraryPemTextFailsCleanly(@ForAll @StringLength(max = 600) String body) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem(pem)).isInstanceOf(DeviceException.class);
    }

    @Property(tries = 300)
    void arbitraryDerFailsCleanly(@ForAll byte[] der) {
        String pem = TestPki.pem("PRIVATE KEY", der);
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem(pem)).isInstanceOf(DeviceException.class);
    }

    @Test
    void oversizedPemIsRefused() {
        assertThatThrownBy(() -> PemFileKeyStorage.parsePem("A".repeat(PemFileKeyStorage.MAX_FILE_BYTES + 1)))
                .isInstanceOf(DeviceException.class).hasMessageContaining("larger than");
    }
}
