package io.palisade.pki;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One Bouncy Castle provider instance passed explicitly to builders; never registered globally. */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();

    private Bc() {
    }
}
