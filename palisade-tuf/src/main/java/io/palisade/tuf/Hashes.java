package io.palisade.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;

/** Length and hash checks for metadata and target files. All listed hashes must match; unknown algorithms fail. */
final class Hashes {
    private Hashes() {
    }

    static void verifyLengthAndHashes(byte[] data, OptionalLong length, Map<String, String> hashes, String what)
            throws TufException {
        if (length.isPresent() && data.length != length.getAsLong()) {
            throw new TufException(what + ": length " + data.length + " does not match the expected " + length.getAsLong());
        }
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            String algorithm = javaName(e.getKey())
                    .orElseThrow(() -> new TufException(what + ": unsupported hash algorithm '" + e.getKey() + "'"));
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new TufException(what + ": malformed " + e.getKey() + " hash", ex);
            }
            byte[] actual;
            try {
                actual = MessageDigest.getInstance(algorithm).digest(data);
            } catch (NoSuchAlgorithmException ex) {
                throw new TufException(what + ": hash algorithm unavailable: " + algorithm, ex);
            }
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new TufException(what + ": " + e.getKey() + " hash does not match");
            }
        }
    }

    private static java.util.Optional<String> javaName(String tufName) {
        return switch (tufName) {
            case "sha256" -> java.util.Optional.of("SHA-256");
            case "sha384" -> java.util.Optional.of("SHA-384");
            case "sha512" -> java.util.Optional.of("SHA-512");
            default -> java.util.Optional.empty();
        };
    }
}
