package io.palisade.mud.sig;

import java.util.Objects;

/** Outcome of a MUD signature check. */
public sealed interface SignatureCheck {

    boolean valid();

    /** Why a signature was refused; stable for programs (the reason text is for people). */
    enum Failure {
        /** Missing, oversized, not DER CMS SignedData, or without a signer. */
        MALFORMED,
        /** Encapsulated content differs from the MUD file. */
        CONTENT_MISMATCH,
        /** The signer's certificate is neither in the signature nor among the trusted signers. */
        SIGNER_CERTIFICATE_MISSING,
        /** The signer is not a trusted certificate and does not chain to one. */
        UNTRUSTED_SIGNER,
        /** The signer chains to a trusted certificate, but a certificate of that chain is not valid at the time. */
        SIGNER_NOT_VALID_AT_TIME,
        /** The signature does not verify over the MUD bytes (the file or the signature was changed). */
        BAD_SIGNATURE
    }

    /** The signature verifies over the exact MUD bytes and its signer is trusted. */
    record Valid(String signerSubject) implements SignatureCheck {
        public Valid {
            Objects.requireNonNull(signerSubject, "signerSubject");
        }

        @Override
        public boolean valid() {
            return true;
        }
    }

    /** The signature must not be relied on; {@code reason} is safe to show to an operator. */
    record Invalid(Failure failure, String reason) implements SignatureCheck {
        public Invalid {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(reason, "reason");
        }

        /** An invalid result whose failure is derived from the verifier's reason text. */
        public Invalid(String reason) {
            this(classify(reason), reason);
        }

        @Override
        public boolean valid() {
            return false;
        }

        private static Failure classify(String reason) {
            Objects.requireNonNull(reason, "reason");
            if (reason.startsWith(MudSignatureVerifier.NOT_TRUSTED)) {
                return Failure.UNTRUSTED_SIGNER;
            }
            if (reason.startsWith(MudSignatureVerifier.NOT_VALID_AT)) {
                return Failure.SIGNER_NOT_VALID_AT_TIME;
            }
            return switch (reason) {
                case MudSignatureVerifier.BAD_SIGNATURE -> Failure.BAD_SIGNATURE;
                case MudSignatureVerifier.CONTENT_MISMATCH -> Failure.CONTENT_MISMATCH;
                case MudSignatureVerifier.CERT_MISSING -> Failure.SIGNER_CERTIFICATE_MISSING;
                default -> Failure.MALFORMED;
            };
        }
    }
}
