package io.palisade.attest;

import java.time.Instant;
import java.util.HexFormat;

/**
 * Verifier nonces (the freshness of RFC 9334 evidence): issued to one device, usable once, until they expire. A
 * server with several nodes implements this over its database; {@link InMemoryNonceStore} serves one process.
 */
public interface NonceStore {
    /** A fresh random nonce for {@code deviceId}. */
    Nonce issue(String deviceId);

    /**
     * Marks {@code nonce} used by {@code deviceId}. Only {@link Consumption#ACCEPTED} lets evidence through; a nonce is
     * accepted at most once.
     */
    Consumption consume(String deviceId, byte[] nonce);

    /** The result of {@link #consume}. */
    enum Consumption {
        ACCEPTED,
        /** Never issued, issued to another device, or forgotten after it expired. */
        UNKNOWN,
        /** Already consumed: the evidence is a replay. */
        REPLAYED,
        EXPIRED
    }

    /** An issued nonce. */
    record Nonce(byte[] value, Instant expiresAt) {
        public Nonce {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String hex() {
            return HexFormat.of().formatHex(value);
        }
    }
}
