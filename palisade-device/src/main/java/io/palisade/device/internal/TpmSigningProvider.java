package io.palisade.device.internal;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Map;

/** A JCA provider with one service, SHA256withECDSA for {@link TpmPrivateKey}: hashes here, signs in the TPM. */
final class TpmSigningProvider extends Provider {
    private static final long serialVersionUID = 1L;
    static final String NAME = "PalisadeTPM";
    static final TpmSigningProvider INSTANCE = new TpmSigningProvider();

    private TpmSigningProvider() {
        super(NAME, "1.0", "SHA256withECDSA with a device key held in a TPM 2.0");
        putService(new Service(this, "Signature", "SHA256withECDSA", TpmSignature.class.getName(), null,
                Map.of("SupportedKeyClasses", TpmPrivateKey.class.getName())) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new TpmSignature();
            }
        });
    }

    static final class TpmSignature extends SignatureSpi {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private TpmPrivateKey key;

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("this provider only signs with TPM-held keys");
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof TpmPrivateKey k)) {
                throw new InvalidKeyException("not a TPM-held key");
            }
            key = k;
            data.reset();
        }

        @Override
        protected void engineUpdate(byte b) {
            data.write(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            data.write(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for signing");
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data.toByteArray());
                data.reset();
                return key.storage().signDigest(digest);
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                throw new SignatureException("TPM signing failed: " + e.getMessage(), e);
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("this provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new java.security.InvalidParameterException("TPM-held keys sign with fixed parameters: '" + param + "' cannot be set");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new java.security.InvalidParameterException("TPM-held keys sign with fixed parameters: '" + param + "' is not available");
        }
    }
}
