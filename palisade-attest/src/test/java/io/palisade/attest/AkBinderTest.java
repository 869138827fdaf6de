package io.palisade.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.attest.tpm.Kdf;
import io.palisade.attest.tpm.TpmAlg;
import io.palisade.attest.tpm.TpmWriter;
import io.palisade.attest.tpm.TpmtPublic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AK binding: manufacturer AK certificates, and credential activation checked by a Java ActivateCredential (the
 * real-TPM check, tpm2_activatecredential on swtpm, is in palisade-device's TpmAttestationTest).
 */
class AkBinderTest {
    static final long EK_ATTRS = TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN
            | TpmtPublic.ADMIN_WITH_POLICY | TpmtPublic.RESTRICTED | TpmtPublic.DECRYPT;

    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

    @Test
    void certifiedAkNamingTheDeviceIsBound() throws Exception {
        TestCa ca = new TestCa("Acme TPM AK CA");
        SoftTpm tpm = new SoftTpm();
        AkBinder binder = new AkBinder(List.of(ca.cert), clock);
        BoundAk bound = binder.bindCertified("gw-0001", tpm.akPublic,
                List.of(ca.issue("acme-ak", AkBinder.DEVICE_URN + "gw-0001", tpm.ak.getPublic()), ca.cert));
        assertThat(bound.method()).isEqualTo(BoundAk.Method.MANUFACTURER_CERTIFICATE);
        assertThat(bound.deviceId()).isEqualTo("gw-0001");
        assertThat(BoundAk.restore("gw-0001", bound.akPublic(), bound.method(), bound.boundAt())).isEqualTo(bound);
        assertThat(binder.bindCertified("gw-0001", tpm.akPublic, List.of(ca.issue("gw-0001", null,
                tpm.ak.getPublic()))).deviceId()).isEqualTo("gw-0001");
    }

    @Test
    void akNotBoundToTheEnrolledIdentityIsRefused() throws Exception {
        TestCa ca = new TestCa("Acme TPM AK CA");
        TestCa rogue = new TestCa("Rogue CA");
        SoftTpm tpm = new SoftTpm();
        SoftTpm other = new SoftTpm();
        AkBinder binder = new AkBinder(List.of(ca.cert), clock);
        assertRefused(() -> binder.bindCertified("gw-0001", tpm.akPublic,
                List.of(ca.issue("gw-0002", AkBinder.DEVICE_URN + "gw-0002", tpm.ak.getPublic()))),
                ReasonCode.AK_NOT_BOUND, "does not name device 'gw-0001'");
        assertRefused(() -> binder.bindCertified("gw-0001", tpm.akPublic,
                List.of(rogue.issue("gw-0001", null, tpm.ak.getPublic()))),
                ReasonCode.AK_NOT_BOUND, "does not chain to a trusted manufacturer CA");
        assertRefused(() -> binder.bindCertified("gw-0001", tpm.akPublic,
                List.of(ca.issue("gw-0001", null, other.ak.getPublic()))),
                ReasonCode.AK_NOT_BOUND, "certifies another key");
        byte[] signingNotRestricted = new TpmWriter().tpm2b(TpmtPublic.marshalEcc((ECPublicKey) tpm.ak.getPublic(),
                TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN | TpmtPublic.SIGN))
                .toByteArray();
        assertRefused(() -> binder.bindCertified("gw-0001", signingNotRestricted,
                List.of(ca.issue("gw-0001", null, tpm.ak.getPublic()))), ReasonCode.AK_INVALID, "restricted");
    }

    @Test
    void credentialActivationWithAnRsaEkBindsTheAk() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair ek = g.generateKeyPair();
        byte[] ekPublic = new TpmWriter().tpm2b(TpmtPublic.marshalRsa((RSAPublicKey) ek.getPublic(), EK_ATTRS, true))
                .toByteArray();
        activate(ek, ekPublic);
    }

    @Test
    void credentialActivationWithAnEccEkBindsTheAk() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ek = g.generateKeyPair();
        byte[] area = TpmtPublic.marshalEcc((ECPublicKey) ek.getPublic(), EK_ATTRS);
        // an ECC EK has AES-128-CFB as symmetric and scheme NULL: patch the template built for an ECDSA key
        byte[] x = Arrays.copyOfRange(area, area.length - 68, area.length);
        byte[] ekArea = new TpmWriter().u16(TpmAlg.ECC).u16(TpmAlg.SHA256).u32(EK_ATTRS).tpm2b(new byte[0])
                .u16(TpmAlg.AES).u16(128).u16(TpmAlg.CFB).u16(TpmAlg.NULL).u16(TpmAlg.ECC_NIST_P256).u16(TpmAlg.NULL)
                .raw(x).toByteArray();
        activate(ek, new TpmWriter().tpm2b(ekArea).toByteArray());
    }

    void activate(KeyPair ek, byte[] ekPublic) throws Exception {
        TestCa ca = new TestCa("Acme EK CA");
        SoftTpm tpm = new SoftTpm();
        AkBinder binder = new AkBinder(List.of(ca.cert), clock);
        AkBinder.PendingActivation p = binder.startActivation("gw-0001", ekPublic,
                List.of(ca.issue("ek", null, ek.getPublic())), tpm.akPublic, Duration.ofMinutes(5));
        TpmtPublic ekArea = TpmtPublic.parseTpm2b(ekPublic);
        byte[] akName = TpmtPublic.parseTpm2b(tpm.akPublic).name();
        byte[] secret = activateCredential(ek, ekArea, akName, p.credentialBlob(), p.encryptedSecret());
        assertThat(p.tpm2ToolsFile()).startsWith(0xba, 0xdc, 0xc0, 0xde, 0, 0, 0, 1);

        // the wrong object name (another AK) does not pass the integrity HMAC
        assertThatThrownBy(() -> activateCredential(ek, ekArea, new SoftTpm().bound("x").ak().name(),
                p.credentialBlob(), p.encryptedSecret())).hasMessageContaining("integrity");
        byte[] wrong = secret.clone();
        wrong[0] ^= 1;
        assertRefused(() -> binder.completeActivation(p, wrong), ReasonCode.ACTIVATION_FAILED, "did not recover");
        BoundAk bound = binder.completeActivation(p, secret);
        assertThat(bound.method()).isEqualTo(BoundAk.Method.CREDENTIAL_ACTIVATION);
        assertThat(bound.ak().name()).isEqualTo(akName);
        clock.advance(Duration.ofMinutes(6));
        assertRefused(() -> binder.completeActivation(p, secret), ReasonCode.ACTIVATION_FAILED, "expired");
    }

    /** TPM2_ActivateCredential in Java (the TPM side), to check MakeCredential's output. */
    static byte[] activateCredential(KeyPair ek, TpmtPublic ekArea, byte[] akName, byte[] idObject, byte[] encSecret)
            throws Exception {
        ByteBuffer sec = ByteBuffer.wrap(encSecret);
        byte[] body = new byte[sec.getShort() & 0xffff];
        sec.get(body);
        byte[] seed;
        if (ekArea.type() == TpmAlg.RSA) {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.DECRYPT_MODE, ek.getPrivate(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, new PSource.PSpecified("IDENTITY\0".getBytes(StandardCharsets.US_ASCII))));
            seed = oaep.doFinal(body);
        } else {
            ByteBuffer pt = ByteBuffer.wrap(body);
            byte[] x = new byte[pt.getShort()];
            pt.get(x);
            byte[] y = new byte[pt.getShort()];
            pt.get(y);
            var spec = ((ECPublicKey) ek.getPublic()).getParams();
            var eph = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(
                    new java.security.spec.ECPoint(new java.math.BigInteger(1, x), new java.math.BigInteger(1, y)), spec));
            var ka = javax.crypto.KeyAgreement.getInstance("ECDH");
            ka.init(ek.getPrivate());
            ka.doPhase(eph, true);
            byte[] ekX = Arrays.copyOfRange(ekArea.encoded(), ekArea.encoded().length - 66,
                    ekArea.encoded().length - 34);
            seed = Kdf.kdfe(TpmAlg.SHA256, ka.generateSecret(), "IDENTITY", x, ekX, 256);
        }
        ByteBuffer id = ByteBuffer.wrap(idObject);
        int total = id.getShort();
        byte[] hmac = new byte[id.getShort()];
        id.get(hmac);
        byte[] encIdentity = new byte[total - 2 - hmac.length];
        id.get(encIdentity);
        byte[] hmacKey = Kdf.kdfa(TpmAlg.SHA256, seed, "INTEGRITY", null, null, 256);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
        mac.update(encIdentity);
        mac.update(akName);
        if (!MessageDigest.isEqual(mac.doFinal(), hmac)) {
            throw new IllegalStateException("integrity check failed");
        }
        byte[] symKey = Kdf.kdfa(TpmAlg.SHA256, seed, "STORAGE", akName, null, 128);
        Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
        cfb.init(Cipher.DECRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
        byte[] cred = cfb.doFinal(encIdentity);
        int len = ((cred[0] & 0xff) << 8) | (cred[1] & 0xff);
        return Arrays.copyOfRange(cred, 2, 2 + len);
    }

    interface Bind {
        Object run() throws Exception;
    }

    static void assertRefused(Bind b, ReasonCode code, String message) {
        assertThatThrownBy(b::run).isInstanceOf(AkBindingException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((AkBindingException) e).code()).isEqualTo(code));
    }

}
