package io.palisade.attest.tpm;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * A parsed TPMT_SIGNATURE (TPM 2.0 Library Part 2, 11.3.4), restricted to what the verifier accepts: ECDSA with
 * SHA-256 (r and s at most 32 bytes, for P-256) and RSASSA-PKCS1-v1_5 or RSASSA-PSS with SHA-256. Any other scheme or
 * hash is refused as {@link TpmFormatException.Problem#UNSUPPORTED}.
 */
public record TpmtSignature(int sigAlg, int hashAlg, byte[] ecdsaR, byte[] ecdsaS, byte[] rsaSignature) {
    public static final int MAX_SIZE = 2 + 2 + 2 + 512;
    static final int MAX_ECC_COORD = 32;
    static final int MAX_RSA = 512;

    public static TpmtSignature parse(byte[] in) throws TpmFormatException {
        TpmReader.requireMax(in, MAX_SIZE, "TPMT_SIGNATURE");
        TpmReader r = new TpmReader(in, "TPMT_SIGNATURE");
        int alg = r.u16("sigAlg");
        if (alg != TpmAlg.ECDSA && alg != TpmAlg.RSASSA && alg != TpmAlg.RSAPSS) {
            throw r.unsupported("signature scheme " + name(alg) + " is not accepted (ECDSA, RSASSA or RSAPSS only)");
        }
        int hash = r.u16("hash");
        if (hash != TpmAlg.SHA256) {
            throw r.unsupported("signature hash " + TpmAlg.hex16(hash) + " is not accepted (SHA-256 only)");
        }
        if (alg == TpmAlg.ECDSA) {
            byte[] sr = r.tpm2b(MAX_ECC_COORD, "signatureR");
            byte[] ss = r.tpm2b(MAX_ECC_COORD, "signatureS");
            r.end();
            if (sr.length == 0 || ss.length == 0) {
                throw r.bad("empty ECDSA r or s");
            }
            return new TpmtSignature(alg, hash, sr, ss, null);
        }
        byte[] sig = r.tpm2b(MAX_RSA, "sig");
        r.end();
        if (sig.length == 0) {
            throw r.bad("empty RSA signature");
        }
        return new TpmtSignature(alg, hash, null, null, sig);
    }

    static String name(int alg) {
        return switch (alg) {
            case TpmAlg.ECDSA -> "ECDSA";
            case TpmAlg.RSASSA -> "RSASSA";
            case TpmAlg.RSAPSS -> "RSAPSS";
            case TpmAlg.HMAC -> "HMAC";
            case TpmAlg.NULL -> "NULL";
            case TpmAlg.ECDAA -> "ECDAA";
            case TpmAlg.ECSCHNORR -> "ECSCHNORR";
            default -> TpmAlg.hex16(alg);
        };
    }

    public String schemeName() {
        return name(sigAlg) + "/SHA-256";
    }

    /** True when this signature's scheme can be made by {@code key} (ECDSA needs an EC key, RSASSA/RSAPSS an RSA key). */
    public boolean matchesKeyType(PublicKey key) {
        return sigAlg == TpmAlg.ECDSA ? key instanceof ECPublicKey : key instanceof RSAPublicKey;
    }

    /** The ECDSA signature as a DER SEQUENCE { r, s }, for JCA's SHA256withECDSA. */
    public byte[] ecdsaDer() {
        if (sigAlg != TpmAlg.ECDSA) {
            throw new IllegalStateException("not an ECDSA signature");
        }
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(new BigInteger(1, ecdsaR)));
        v.add(new ASN1Integer(new BigInteger(1, ecdsaS)));
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Verifies this signature over {@code message} (the TPM hashes the message with SHA-256 and signs the digest).
     * Returns false for a wrong key type or a bad signature.
     */
    public boolean verify(PublicKey key, byte[] message) {
        if (!matchesKeyType(key)) {
            return false;
        }
        try {
            return switch (sigAlg) {
                case TpmAlg.ECDSA -> verifyWith("SHA256withECDSA", null, key, message, ecdsaDer());
                case TpmAlg.RSASSA -> verifyWith("SHA256withRSA", null, key, message, rsaSignature);
                case TpmAlg.RSAPSS -> {
                    // The TPM uses a salt as long as the digest; some implementations use the largest salt possible.
                    int modulusBytes = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
                    yield verifyWith("RSASSA-PSS", pss(32), key, message, rsaSignature)
                            || verifyWith("RSASSA-PSS", pss(modulusBytes - 32 - 2), key, message, rsaSignature);
                }
                default -> false;
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static PSSParameterSpec pss(int salt) {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, Math.max(salt, 0), 1);
    }

    private static boolean verifyWith(String alg, PSSParameterSpec params, PublicKey key, byte[] message, byte[] sig)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        if (params != null) {
            s.setParameter(params);
        }
        s.initVerify(key);
        s.update(message);
        return s.verify(sig);
    }

    /** Marshals an ECDSA/SHA-256 TPMT_SIGNATURE (for simulators and tests). */
    public static byte[] marshalEcdsa(byte[] r, byte[] s) {
        TpmWriter w = new TpmWriter();
        w.u16(TpmAlg.ECDSA).u16(TpmAlg.SHA256).tpm2b(r).tpm2b(s);
        return w.toByteArray();
    }

    /** Marshals an RSASSA or RSAPSS/SHA-256 TPMT_SIGNATURE (for simulators and tests). */
    public static byte[] marshalRsa(int scheme, byte[] sig) {
        return new TpmWriter().u16(scheme).u16(TpmAlg.SHA256).tpm2b(sig).toByteArray();
    }
}
