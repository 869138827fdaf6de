package io.palisade.mud.sig;

import java.util.Objects;

/** Outcome of a MUD signature check. */
public sealed interface SignatureCheck {

    boolean valid();

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
    record Invalid(String reason) implements SignatureCheck {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean valid() {
            return false;
        }
    }
}
