package io.palisade.tuf.metadata;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decodes TUF public keys and verifies single signatures. Supported (keytype / scheme):
 * <ul>
 *   <li>ed25519 / ed25519: {@code public} is the 32-byte key in hex</li>
 *   <li>ecdsa or ecdsa-sha2-nistp256 / ecdsa-sha2-nistp256: {@code public} is a PEM SubjectPublicKeyInfo, or (older
 *   form) hex of the uncompressed point or of the DER SubjectPublicKeyInfo; signature DER (or raw r||s)</li>
 *   <li>rsa / rsassa-pss-sha256: {@code public} is a PEM SubjectPublicKeyInfo of at least 2048 bits; PSS with SHA-256
 *   and MGF1-SHA-256, any salt length (as securesystemslib verifies)</li>
 * </ul>
 * Anything else is unsupported: such a key verifies nothing.
 */
final class PublicKeys {
    private static final int MIN_RSA_BITS = 2048;
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
    private static final ECDomainParameters P256_DOMAIN =
            new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

    private PublicKeys() {
    }

    /** A decoded key that can verify signatures; {@code identity} identifies the key material. */
    record Decoded(Scheme scheme, CipherParameters params, byte[] identity) {
    }

    enum Scheme { ED25519, ECDSA_P256_SHA256, RSA_PSS_SHA256 }

    /** Decodes {@code key}, or empty when its type/scheme is unsupported or its material is malformed. */
    static Optional<Decoded> decode(Key key) {
        if (key.publicValue().isEmpty()) {
            return Optional.empty();
        }
        String pub = key.publicValue().get();
        try {
            if (key.keyType().equals("ed25519") && key.scheme().equals("ed25519")) {
                byte[] raw = hex(pub);
                if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                    return Optional.empty();
                }
                return Optional.of(new Decoded(Scheme.ED25519, new Ed25519PublicKeyParameters(raw, 0), prefixed("ed25519", raw)));
            }
            if ((key.keyType().equals("ecdsa") || key.keyType().equals("ecdsa-sha2-nistp256"))
                    && key.scheme().equals("ecdsa-sha2-nistp256")) {
                ECPublicKeyParameters ec = decodeEc(pub);
                return Optional.of(new Decoded(Scheme.ECDSA_P256_SHA256, ec, prefixed("p256", ec.getQ().getEncoded(false))));
            }
            if (key.keyType().equals("rsa") && key.scheme().equals("rsassa-pss-sha256")) {
                AsymmetricKeyParameter p = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(pem(pub)));
                if (!(p instanceof RSAKeyParameters rsa) || rsa.isPrivate() || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    return Optional.empty();
                }
                byte[] id = prefixed("rsa", concat(rsa.getModulus().toByteArray(), rsa.getExponent().toByteArray()));
                return Optional.of(new Decoded(Scheme.RSA_PSS_SHA256, rsa, id));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ECPublicKeyParameters decodeEc(String pub) throws IOException {
        byte[] der;
        if (pub.strip().startsWith("-----BEGIN")) {
            der = pem(pub);
        } else {
            byte[] raw = hex(pub);
            if (raw.length > 0 && raw[0] == 0x30) {
                der = raw;
            } else {
                ECPoint q = P256.getCurve().decodePoint(raw);
                return new ECPublicKeyParameters(q, P256_DOMAIN);
            }
        }
        AsymmetricKeyParameter p = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
        if (!(p instanceof ECPublicKeyParameters ec) || !ec.getParameters().getCurve().equals(P256.getCurve())
                || !ec.getParameters().getG().equals(P256.getG())) {
            throw new IllegalArgumentException("not a P-256 public key");
        }
        return new ECPublicKeyParameters(ec.getQ(), P256_DOMAIN);
    }

    /** True when {@code sig} (hex) is a valid signature of {@code data} by {@code key}. Never throws. */
    static boolean verify(Decoded key, String sigHex, byte[] data) {
        try {
            byte[] sig = hex(sigHex);
            return switch (key.scheme()) {
                case ED25519 -> {
                    if (sig.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
                        yield false;
                    }
                    Ed25519Signer v = new Ed25519Signer();
                    v.init(false, key.params());
                    v.update(data, 0, data.length);
                    yield v.verifySignature(sig);
                }
                case ECDSA_P256_SHA256 -> verifyEcdsa((ECPublicKeyParameters) key.params(), sig, data);
                case RSA_PSS_SHA256 -> verifyRsaPss((RSAKeyParameters) key.params(), sig, data);
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean verifyEcdsa(ECPublicKeyParameters key, byte[] sig, byte[] data) {
        BigInteger r;
        BigInteger s;
        if (sig.length > 0 && sig[0] == 0x30) {
            ASN1Sequence seq;
            try {
                ASN1Primitive prim = ASN1Primitive.fromByteArray(sig);
                seq = ASN1Sequence.getInstance(prim);
                if (!Arrays.equals(prim.getEncoded("DER"), sig)) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
            if (seq.size() != 2) {
                return false;
            }
            r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
        } else if (sig.length == 64) {
            r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
            s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        } else {
            return false;
        }
        ECDSASigner v = new ECDSASigner();
        v.init(false, key);
        return v.verifySignature(sha256(data), r, s);
    }

    private static boolean verifyRsaPss(RSAKeyParameters key, byte[] sig, byte[] data) {
        int saltLength = recoverPssSaltLength(key, sig);
        if (saltLength < 0) {
            return false;
        }
        PSSSigner v = new PSSSigner(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), saltLength);
        v.init(false, key);
        v.update(data, 0, data.length);
        return v.verifySignature(sig);
    }

    /**
     * Finds the salt length used in an RSASSA-PSS signature (RFC 8017 §9.1.2 steps 7-10): it is only a parameter
     * for the real verification, which {@link PSSSigner} then performs in full. Returns -1 when the encoding is not
     * a PSS encoding.
     */
    private static int recoverPssSaltLength(RSAKeyParameters key, byte[] sig) {
        BigInteger n = key.getModulus();
        int k = (n.bitLength() + 7) / 8;
        if (sig.length != k) {
            return -1;
        }
        BigInteger s = new BigInteger(1, sig);
        if (s.compareTo(n) >= 0) {
            return -1;
        }
        int emBits = n.bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        byte[] m = s.modPow(key.getExponent(), n).toByteArray();
        byte[] em = new byte[emLen];
        int copy = Math.min(m.length, emLen);
        System.arraycopy(m, m.length - copy, em, emLen - copy, copy);
        int hLen = 32;
        if (emLen < hLen + 2 || em[emLen - 1] != (byte) 0xbc) {
            return -1;
        }
        int dbLen = emLen - hLen - 1;
        byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + hLen);
        byte[] mask = mgf1Sha256(h, dbLen);
        byte[] db = new byte[dbLen];
        for (int i = 0; i < dbLen; i++) {
            db[i] = (byte) (em[i] ^ mask[i]);
        }
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        int i = 0;
        while (i < dbLen && db[i] == 0) {
            i++;
        }
        if (i >= dbLen || db[i] != 0x01) {
            return -1;
        }
        return dbLen - i - 1;
    }

    private static byte[] mgf1Sha256(byte[] seed, int len) {
        byte[] out = new byte[len];
        int done = 0;
        for (int counter = 0; done < len; counter++) {
            SHA256Digest d = new SHA256Digest();
            d.update(seed, 0, seed.length);
            d.update((byte) (counter >>> 24));
            d.update((byte) (counter >>> 16));
            d.update((byte) (counter >>> 8));
            d.update((byte) counter);
            byte[] block = new byte[32];
            d.doFinal(block, 0);
            int n = Math.min(32, len - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    static byte[] pem(String text) {
        String t = text.strip();
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        if (!t.startsWith(begin) || !t.endsWith(end)) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        String body = t.substring(begin.length(), t.length() - end.length()).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hex(String s) {
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        return HexFormat.of().parseHex(s);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] prefixed(String tag, byte[] material) {
        return concat(tag.getBytes(StandardCharsets.US_ASCII), material);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + 1 + b.length);
        out[a.length] = ':';
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
