package io.palisade.device.internal;

import io.palisade.device.DeviceException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/** An EC P-256 key held in process memory only. */
public final class InMemoryKeyStorage extends AbstractKeyStorage {
    private final KeyPair pair;

    InMemoryKeyStorage(KeyPair pair) {
        requireP256(pair.getPublic());
        this.pair = pair;
    }

    public static InMemoryKeyStorage generate() {
        return new InMemoryKeyStorage(newP256());
    }

    static KeyPair newP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    protected PrivateKey privateKey() {
        return pair.getPrivate();
    }

    @Override
    protected Provider signingProvider() {
        return null;
    }

    @Override
    public String toString() {
        return "InMemoryKeyStorage[EC P-256]";
    }
}
