package io.palisade.pki;

import io.palisade.core.device.DeviceId;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key generation and PKCS#10 requests for the device side and tests. */
public final class KeyPairs {
    private KeyPairs() {
    }

    /** A fresh EC key pair on NIST P-256 (secp256r1) from the JDK provider. */
    public static KeyPair ecP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), Bc.RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is not available", e);
        }
    }

    /** DER PKCS#10 request with subject CN=deviceId, signed SHA256withECDSA by the pair's private key. */
    public static byte[] csr(KeyPair keyPair, String deviceId) {
        Objects.requireNonNull(keyPair, "keyPair");
        DeviceId id = DeviceId.of(deviceId);
        try {
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, id.value()).build();
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic()).build(signer).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build CSR: " + e.getMessage(), e);
        }
    }
}
