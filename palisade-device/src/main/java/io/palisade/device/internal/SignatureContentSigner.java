package io.palisade.device.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A Bouncy Castle {@link ContentSigner} for SHA256withECDSA that signs through a JCA {@link Signature} of the given
 * provider (or the default one), so a key held in a PKCS#11 token signs inside the token.
 */
final class SignatureContentSigner implements ContentSigner {
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private final PrivateKey key;
    private final Provider provider;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    SignatureContentSigner(PrivateKey key, Provider provider) {
        this.key = key;
        this.provider = provider;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ECDSA_SHA256;
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    @Override
    public byte[] getSignature() {
        try {
            Signature s = provider == null ? Signature.getInstance("SHA256withECDSA")
                    : Signature.getInstance("SHA256withECDSA", provider);
            s.initSign(key);
            s.update(data.toByteArray());
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new RuntimeOperatorException("signing with the device key failed: " + e.getMessage(), e);
        }
    }
}
