package io.palisade.pki;

import java.security.PublicKey;
import java.util.Objects;

/** A PKCS#10 request that passed {@link CsrPolicy}: the proven public key and the subject CN, if it had one. */
public record ValidatedCsr(PublicKey publicKey, String subjectCommonName) {
    public ValidatedCsr {
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
