package io.palisade.tuf.repo;

/** Signing key types the repository creates, with their TUF {@code keytype} and {@code scheme}. */
public enum KeyType {
    /** Ed25519; {@code keyval.public} is the 32-byte key in hex. */
    ED25519("ed25519", "ed25519"),
    /** ECDSA P-256 with SHA-256; {@code keyval.public} is a PEM SubjectPublicKeyInfo (as python-tuf writes it). */
    ECDSA_P256("ecdsa", "ecdsa-sha2-nistp256");

    private final String keyType;
    private final String scheme;

    KeyType(String keyType, String scheme) {
        this.keyType = keyType;
        this.scheme = scheme;
    }

    public String keyType() {
        return keyType;
    }

    public String scheme() {
        return scheme;
    }

    /** Parses {@code ed25519} or {@code ecdsa} / {@code ecdsa-sha2-nistp256} (case-insensitive). */
    public static KeyType parse(String s) {
        String t = s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "ed25519" -> ED25519;
            case "ecdsa", "ecdsa-sha2-nistp256", "p256", "ecdsa-p256" -> ECDSA_P256;
            default -> throw new IllegalArgumentException("unsupported key type '" + s + "': use ed25519 or ecdsa");
        };
    }
}
