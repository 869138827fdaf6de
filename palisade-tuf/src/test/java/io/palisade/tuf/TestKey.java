package io.palisade.tuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.metadata.CanonicalJson;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/** A signing key generated in a test, with its TUF public key JSON and key id. */
final class TestKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static KeyPair cachedRsa;

    final String keyType;
    final String scheme;
    final String publicValue;
    private final Function<byte[], byte[]> signer;

    private TestKey(String keyType, String scheme, String publicValue, Function<byte[], byte[]> signer) {
        this.keyType = keyType;
        this.scheme = scheme;
        this.publicValue = publicValue;
        this.signer = signer;
    }

    static TestKey ed25519() {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(RANDOM);
        String pub = HexFormat.of().formatHex(priv.generatePublicKey().getEncoded());
        return new TestKey("ed25519", "ed25519", pub, data -> {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, priv);
            s.update(data, 0, data.length);
            return s.generateSignature();
        });
    }

    /** ECDSA P-256 with the public key as PEM (keytype "ecdsa", as securesystemslib writes it). */
    static TestKey ecdsa() {
        KeyPair kp = ecKeyPair();
        return new TestKey("ecdsa", "ecdsa-sha2-nistp256", pem(kp.getPublic().getEncoded()), jcaSigner("SHA256withECDSA", kp.getPrivate(), null));
    }

    /** ECDSA P-256 in the older form: keytype "ecdsa-sha2-nistp256", public key as hex of the uncompressed point. */
    static TestKey ecdsaHexPoint() {
        KeyPair kp = ecKeyPair();
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copyUnsigned(pub.getW().getAffineX().toByteArray(), point, 1);
        copyUnsigned(pub.getW().getAffineY().toByteArray(), point, 33);
        return new TestKey("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", HexFormat.of().formatHex(point),
                jcaSigner("SHA256withECDSA", kp.getPrivate(), null));
    }

    /** RSA 2048 RSASSA-PSS-SHA256 with salt length 32 (one key pair shared by the tests, generation is slow). */
    static TestKey rsa() {
        KeyPair kp = rsaKeyPair();
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        return new TestKey("rsa", "rsassa-pss-sha256", pem(kp.getPublic().getEncoded()), jcaSigner("RSASSA-PSS", kp.getPrivate(), pss));
    }

    /** The same RSA key, signing with the maximum salt length (what some signers use). */
    static TestKey rsaMaxSalt() {
        KeyPair kp = rsaKeyPair();
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 256 - 32 - 2, 1);
        return new TestKey("rsa", "rsassa-pss-sha256", pem(kp.getPublic().getEncoded()), jcaSigner("RSASSA-PSS", kp.getPrivate(), pss));
    }

    /** A key with the given declared type and scheme, but signing like {@code real}. */
    static TestKey relabeled(TestKey real, String keyType, String scheme) {
        return new TestKey(keyType, scheme, real.publicValue, real.signer);
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("keytype", keyType);
        n.put("scheme", scheme);
        n.putObject("keyval").put("public", publicValue);
        return n;
    }

    String keyId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson())));
        } catch (GeneralSecurityException | TufException e) {
            throw new IllegalStateException(e);
        }
    }

    String signHex(byte[] data) {
        return HexFormat.of().formatHex(signer.apply(data));
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyPair rsaKeyPair() {
        if (cachedRsa == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                cachedRsa = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return cachedRsa;
    }

    private static Function<byte[], byte[]> jcaSigner(String alg, PrivateKey key, PSSParameterSpec pss) {
        return data -> {
            try {
                java.security.Signature s = java.security.Signature.getInstance(alg);
                if (pss != null) {
                    s.setParameter(pss);
                }
                s.initSign(key);
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static void copyUnsigned(byte[] v, byte[] out, int offset) {
        int len = Math.min(v.length, 32);
        System.arraycopy(v, v.length - len, out, offset + 32 - len, len);
    }
}
