package io.palisade.attest.tpm;

/** TPM 2.0 constants (TPM 2.0 Library Part 2) used by the parsers. */
public final class TpmAlg {
    public static final int RSA = 0x0001;
    public static final int SHA1 = 0x0004;
    public static final int HMAC = 0x0005;
    public static final int AES = 0x0006;
    public static final int KEYEDHASH = 0x0008;
    public static final int SHA256 = 0x000B;
    public static final int SHA384 = 0x000C;
    public static final int SHA512 = 0x000D;
    public static final int NULL = 0x0010;
    public static final int RSASSA = 0x0014;
    public static final int RSAES = 0x0015;
    public static final int RSAPSS = 0x0016;
    public static final int OAEP = 0x0017;
    public static final int ECDSA = 0x0018;
    public static final int ECDH = 0x0019;
    public static final int ECDAA = 0x001A;
    public static final int ECSCHNORR = 0x001C;
    public static final int ECC = 0x0023;
    public static final int SYMCIPHER = 0x0025;
    public static final int CFB = 0x0043;

    public static final int ECC_NIST_P256 = 0x0003;
    public static final int ECC_NIST_P384 = 0x0004;

    /** TPM_GENERATED_VALUE: every TPMS_ATTEST made by a TPM starts with it. */
    public static final long TPM_GENERATED_VALUE = 0xff544347L;
    public static final int TPM_ST_ATTEST_QUOTE = 0x8018;

    private TpmAlg() {
    }

    /** The JCA name of a TPM hash algorithm, or null when not accepted. */
    public static String jcaDigest(int alg) {
        return switch (alg) {
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
            default -> null;
        };
    }

    /** The digest size of a TPM hash algorithm, or -1 when unknown. */
    public static int digestSize(int alg) {
        return switch (alg) {
            case SHA1 -> 20;
            case SHA256 -> 32;
            case SHA384 -> 48;
            case SHA512 -> 64;
            default -> -1;
        };
    }

    static String hex16(int v) {
        return String.format("0x%04x", v);
    }
}
