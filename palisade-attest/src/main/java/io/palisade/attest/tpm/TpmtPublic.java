package io.palisade.attest.tpm;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * A parsed TPMT_PUBLIC (TPM 2.0 Library Part 2, 12.2.4) of an RSA or ECC key: the public area of an attestation key
 * (AK) or endorsement key (EK). Gives the object's Name (nameAlg || H(TPMT_PUBLIC)) and the JCA public key.
 */
public final class TpmtPublic {
    public static final int MAX_SIZE = 1024;
    /** TPMA_OBJECT bits. */
    public static final int FIXED_TPM = 1 << 1;
    public static final int FIXED_PARENT = 1 << 4;
    public static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
    public static final int USER_WITH_AUTH = 1 << 6;
    public static final int ADMIN_WITH_POLICY = 1 << 7;
    public static final int RESTRICTED = 1 << 16;
    public static final int DECRYPT = 1 << 17;
    public static final int SIGN = 1 << 18;
    /** What an attestation key must be: a restricted signing key generated in and bound to its TPM. */
    public static final int AK_REQUIRED = FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN;

    private final byte[] encoded;
    private final int type;
    private final int nameAlg;
    private final long attributes;
    private final int symmetricAlg;
    private final int symmetricKeyBits;
    private final int scheme;
    private final int schemeHash;
    private final int curve;
    private final PublicKey publicKey;
    private final byte[] name;

    private TpmtPublic(byte[] encoded, int type, int nameAlg, long attributes, int symmetricAlg, int symmetricKeyBits,
            int scheme, int schemeHash, int curve, PublicKey publicKey, byte[] name) {
        this.encoded = encoded;
        this.type = type;
        this.nameAlg = nameAlg;
        this.attributes = attributes;
        this.symmetricAlg = symmetricAlg;
        this.symmetricKeyBits = symmetricKeyBits;
        this.scheme = scheme;
        this.schemeHash = schemeHash;
        this.curve = curve;
        this.publicKey = publicKey;
        this.name = name;
    }

    /** Parses a TPM2B_PUBLIC (16-bit size, then TPMT_PUBLIC), as written by {@code tpm2_createak -u}. */
    public static TpmtPublic parseTpm2b(byte[] tpm2b) throws TpmFormatException {
        TpmReader.requireMax(tpm2b, MAX_SIZE + 2, "TPM2B_PUBLIC");
        return parse(TpmReader.unwrapTpm2b(tpm2b, MAX_SIZE, "TPM2B_PUBLIC"));
    }

    public static TpmtPublic parse(byte[] in) throws TpmFormatException {
        TpmReader.requireMax(in, MAX_SIZE, "TPMT_PUBLIC");
        TpmReader r = new TpmReader(in, "TPMT_PUBLIC");
        int type = r.u16("type");
        if (type != TpmAlg.RSA && type != TpmAlg.ECC) {
            throw r.unsupported("key type " + TpmAlg.hex16(type) + " is not RSA or ECC");
        }
        int nameAlg = r.u16("nameAlg");
        if (nameAlg != TpmAlg.SHA256 && nameAlg != TpmAlg.SHA384 && nameAlg != TpmAlg.SHA512) {
            throw r.unsupported("nameAlg " + TpmAlg.hex16(nameAlg) + " is not SHA-256/384/512");
        }
        long attrs = r.u32("objectAttributes");
        r.tpm2b(64, "authPolicy");
        int symAlg = r.u16("symmetric.algorithm");
        int symBits = 0;
        if (symAlg != TpmAlg.NULL) {
            symBits = r.u16("symmetric.keyBits");
            r.u16("symmetric.mode");
        }
        int scheme = r.u16("scheme.scheme");
        int schemeHash = TpmAlg.NULL;
        if (scheme != TpmAlg.NULL && scheme != TpmAlg.RSAES) {
            schemeHash = r.u16("scheme.hashAlg");
            if (scheme == TpmAlg.ECDAA) {
                r.u16("scheme.count");
            }
        }
        PublicKey key;
        int curve = 0;
        try {
            if (type == TpmAlg.RSA) {
                int bits = r.u16("keyBits");
                long exponent = r.u32("exponent");
                byte[] n = r.tpm2b(512, "unique.rsa");
                r.end();
                if (bits != 2048 && bits != 3072 && bits != 4096) {
                    throw r.unsupported("RSA key size " + bits + " is not 2048/3072/4096");
                }
                if (n.length * 8 != bits) {
                    throw r.bad("RSA modulus is " + n.length * 8 + " bits, keyBits says " + bits);
                }
                BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
                key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, n), e));
            } else {
                curve = r.u16("curveID");
                int kdf = r.u16("kdf.scheme");
                if (kdf != TpmAlg.NULL) {
                    r.u16("kdf.hashAlg");
                }
                byte[] x = r.tpm2b(66, "unique.ecc.x");
                byte[] y = r.tpm2b(66, "unique.ecc.y");
                r.end();
                String curveName = switch (curve) {
                    case TpmAlg.ECC_NIST_P256 -> "secp256r1";
                    case TpmAlg.ECC_NIST_P384 -> "secp384r1";
                    default -> throw r.unsupported("ECC curve " + TpmAlg.hex16(curve) + " is not NIST P-256/P-384");
                };
                ECParameterSpec spec = ecParams(curveName);
                int coord = (spec.getCurve().getField().getFieldSize() + 7) / 8;
                if (x.length != coord || y.length != coord) {
                    throw r.bad("ECC point coordinates must be " + coord + " bytes");
                }
                key = KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw r.bad("public key is not valid: " + e.getMessage());
        }
        byte[] encoded = in.clone();
        byte[] name;
        try {
            byte[] h = MessageDigest.getInstance(TpmAlg.jcaDigest(nameAlg)).digest(encoded);
            name = new byte[2 + h.length];
            name[0] = (byte) (nameAlg >>> 8);
            name[1] = (byte) nameAlg;
            System.arraycopy(h, 0, name, 2, h.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new TpmtPublic(encoded, type, nameAlg, attrs, symAlg, symBits, scheme, schemeHash, curve, key, name);
    }

    static ECParameterSpec ecParams(String curveName) throws GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(curveName));
        return p.getParameterSpec(ECParameterSpec.class);
    }

    /** The TPM object Name: nameAlg (u16) || H_nameAlg(TPMT_PUBLIC). */
    public byte[] name() {
        return name.clone();
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** TPM2B_PUBLIC form of this area. */
    public byte[] encodedTpm2b() {
        return new TpmWriter().tpm2b(encoded).toByteArray();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public int type() {
        return type;
    }

    public int nameAlg() {
        return nameAlg;
    }

    public long attributes() {
        return attributes;
    }

    public int symmetricAlg() {
        return symmetricAlg;
    }

    public int symmetricKeyBits() {
        return symmetricKeyBits;
    }

    /** The key's fixed signing scheme, or TPM_ALG_NULL when any scheme may be chosen per signature. */
    public int scheme() {
        return scheme;
    }

    public int schemeHash() {
        return schemeHash;
    }

    public int curve() {
        return curve;
    }

    public boolean has(int attributeBits) {
        return (attributes & attributeBits) == attributeBits;
    }

    /** Null when this area describes an acceptable attestation key, else why not. */
    public String akProblem() {
        if (!has(AK_REQUIRED)) {
            return String.format("objectAttributes 0x%08x lack fixedTPM|fixedParent|sensitiveDataOrigin|restricted|sign",
                    attributes);
        }
        if (has(DECRYPT)) {
            return "an attestation key must not be a decryption key";
        }
        return null;
    }

    /** Builds the TPMT_PUBLIC of an ECDSA/SHA-256 P-256 key with the given attributes (for simulators and tests). */
    public static byte[] marshalEcc(ECPublicKey key, long attributes) {
        byte[] x = fixed(key.getW().getAffineX(), 32);
        byte[] y = fixed(key.getW().getAffineY(), 32);
        return new TpmWriter().u16(TpmAlg.ECC).u16(TpmAlg.SHA256).u32(attributes).tpm2b(new byte[0])
                .u16(TpmAlg.NULL).u16(TpmAlg.ECDSA).u16(TpmAlg.SHA256).u16(TpmAlg.ECC_NIST_P256).u16(TpmAlg.NULL)
                .tpm2b(x).tpm2b(y).toByteArray();
    }

    /** Builds the TPMT_PUBLIC of an RSA key (scheme NULL) with the given attributes (for simulators and tests). */
    public static byte[] marshalRsa(java.security.interfaces.RSAPublicKey key, long attributes, boolean aes128Cfb) {
        int bits = key.getModulus().bitLength();
        TpmWriter w = new TpmWriter().u16(TpmAlg.RSA).u16(TpmAlg.SHA256).u32(attributes).tpm2b(new byte[0]);
        if (aes128Cfb) {
            w.u16(TpmAlg.AES).u16(128).u16(TpmAlg.CFB);
        } else {
            w.u16(TpmAlg.NULL);
        }
        long e = key.getPublicExponent().longValueExact();
        return w.u16(TpmAlg.NULL).u16(bits).u32(e == 65537 ? 0 : e).tpm2b(fixed(key.getModulus(), bits / 8))
                .toByteArray();
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        byte[] out = new byte[len];
        if (b.length > len) {
            System.arraycopy(b, b.length - len, out, 0, len);
        } else {
            System.arraycopy(b, 0, out, len - b.length, b.length);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmtPublic p && Arrays.equals(p.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "TpmtPublic[" + (type == TpmAlg.RSA ? "RSA" : "ECC") + ", name=" + java.util.HexFormat.of().formatHex(name)
                + "]";
    }
}
