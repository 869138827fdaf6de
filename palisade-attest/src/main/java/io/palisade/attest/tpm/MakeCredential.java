package io.palisade.attest.tpm;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * TPM2_MakeCredential done by the verifier in software (TPM 2.0 Library Part 1, section 24 "Credential Protection";
 * Part 3, 12.6): protects a secret so that only the TPM holding the endorsement key (EK) can recover it, and only for
 * the object whose Name is given (the attestation key), through TPM2_ActivateCredential.
 *
 * <ol>
 *   <li>seed: RSA EK: random, digest-sized, encrypted with RSA-OAEP (EK nameAlg, label "IDENTITY\0"); ECC EK: an
 *       ephemeral ECDH with the EK, seed = KDFe(nameAlg, Z, "IDENTITY", ephemeral.x, ek.x), and the encrypted secret is
 *       the ephemeral public point;</li>
 *   <li>symKey = KDFa(nameAlg, seed, "STORAGE", akName, -, EK symmetric key bits); encIdentity =
 *       AES-CFB(symKey, IV = 0) of the credential marshalled as TPM2B_DIGEST;</li>
 *   <li>hmacKey = KDFa(nameAlg, seed, "INTEGRITY", -, -, digest bits); outerHMAC = HMAC(hmacKey, encIdentity ||
 *       akName); credentialBlob = TPM2B_ID_OBJECT(TPM2B_DIGEST(outerHMAC) || encIdentity).</li>
 * </ol>
 */
public final class MakeCredential {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The verifier's challenge: {@code credentialBlob} (TPM2B_ID_OBJECT) and {@code encryptedSecret}
     * (TPM2B_ENCRYPTED_SECRET) go to the device; {@code secret} stays with the verifier.
     */
    public record Challenge(byte[] credentialBlob, byte[] encryptedSecret, byte[] secret) {
        /** The file {@code tpm2_activatecredential -i} reads: magic 0xBADCC0DE, version 1, blob, secret. */
        public byte[] tpm2ToolsFile() {
            return new TpmWriter().u32(0xBADCC0DEL).u32(1).raw(credentialBlob).raw(encryptedSecret).toByteArray();
        }
    }

    private MakeCredential() {
    }

    /** A fresh random 32-byte secret protected for {@code ek} and {@code objectName}. */
    public static Challenge make(TpmtPublic ek, byte[] objectName) throws TpmFormatException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return make(ek, objectName, secret);
    }

    public static Challenge make(TpmtPublic ek, byte[] objectName, byte[] secret) throws TpmFormatException {
        if (!ek.has(TpmtPublic.RESTRICTED | TpmtPublic.DECRYPT) || ek.has(TpmtPublic.SIGN)) {
            throw new TpmFormatException(TpmFormatException.Problem.BAD_VALUE,
                    "EK: not a restricted decryption (storage) key");
        }
        if (ek.symmetricAlg() != TpmAlg.AES || (ek.symmetricKeyBits() != 128 && ek.symmetricKeyBits() != 256)) {
            throw new TpmFormatException(TpmFormatException.Problem.UNSUPPORTED,
                    "EK: symmetric algorithm must be AES-128/256 (CFB)");
        }
        int hash = ek.nameAlg();
        int digestBytes = TpmAlg.digestSize(hash);
        if (secret.length == 0 || secret.length > digestBytes) {
            throw new IllegalArgumentException("secret must be 1.." + digestBytes + " bytes");
        }
        try {
            byte[] seed;
            byte[] encryptedSecret;
            if (ek.type() == TpmAlg.RSA) {
                seed = new byte[digestBytes];
                RANDOM.nextBytes(seed);
                String md = TpmAlg.jcaDigest(hash);
                Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
                oaep.init(Cipher.ENCRYPT_MODE, ek.publicKey(), new OAEPParameterSpec(md, "MGF1",
                        new MGF1ParameterSpec(md), new PSource.PSpecified("IDENTITY\0".getBytes(
                                java.nio.charset.StandardCharsets.US_ASCII))));
                encryptedSecret = new TpmWriter().tpm2b(oaep.doFinal(seed)).toByteArray();
            } else {
                ECPublicKey ekKey = (ECPublicKey) ek.publicKey();
                ECParameterSpec params = ekKey.getParams();
                int coord = (params.getCurve().getField().getFieldSize() + 7) / 8;
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(params, RANDOM);
                KeyPair eph = g.generateKeyPair();
                KeyAgreement ka = KeyAgreement.getInstance("ECDH");
                ka.init(eph.getPrivate());
                ka.doPhase(ekKey, true);
                byte[] z = ka.generateSecret();
                ECPublicKey ephPub = (ECPublicKey) eph.getPublic();
                byte[] ex = TpmtPublic.fixed(ephPub.getW().getAffineX(), coord);
                byte[] ey = TpmtPublic.fixed(ephPub.getW().getAffineY(), coord);
                byte[] kx = TpmtPublic.fixed(ekKey.getW().getAffineX(), coord);
                seed = Kdf.kdfe(hash, z, "IDENTITY", ex, kx, digestBytes * 8);
                byte[] point = new TpmWriter().tpm2b(ex).tpm2b(ey).toByteArray();
                encryptedSecret = new TpmWriter().tpm2b(point).toByteArray();
            }
            byte[] symKey = Kdf.kdfa(hash, seed, "STORAGE", objectName, null, ek.symmetricKeyBits());
            byte[] credential = new TpmWriter().tpm2b(secret).toByteArray();
            Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
            cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
            byte[] encIdentity = cfb.doFinal(credential);
            byte[] hmacKey = Kdf.kdfa(hash, seed, "INTEGRITY", null, null, digestBytes * 8);
            String macAlg = "Hmac" + TpmAlg.jcaDigest(hash).replace("-", "");
            Mac mac = Mac.getInstance(macAlg);
            mac.init(new SecretKeySpec(hmacKey, macAlg));
            mac.update(encIdentity);
            mac.update(objectName);
            byte[] outerHmac = mac.doFinal();
            byte[] idObject = new TpmWriter().tpm2b(new TpmWriter().tpm2b(outerHmac).raw(encIdentity).toByteArray())
                    .toByteArray();
            return new Challenge(idObject, encryptedSecret, secret.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MakeCredential failed: " + e.getMessage(), e);
        }
    }

}
