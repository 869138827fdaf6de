package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.metadata.Key;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A TUF signing key: a private key (Ed25519 or ECDSA P-256, JDK providers) with its TUF public key and key id.
 * Private keys are stored as PKCS#8 PEM, encrypted (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) when a passphrase is
 * given, in files readable only by their owner (0600 where the file system supports POSIX permissions).
 * {@link #toString()} shows the type and key id only: key material is never logged.
 */
public final class SigningKey {
    /** Largest PEM file read. */
    public static final int MAX_PEM_CHARS = 16 * 1024;
    static final int PBKDF2_ITERATIONS = 200_000;
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyType type;
    private final PrivateKey privateKey;
    private final Key publicKey;
    private final String keyId;

    private SigningKey(KeyType type, PrivateKey privateKey, String publicValue) {
        this.type = type;
        this.privateKey = privateKey;
        this.publicKey = new Key(type.keyType(), type.scheme(), Optional.of(publicValue));
        this.keyId = TufKeys.keyId(publicKey);
    }

    /** A new random key. */
    public static SigningKey generate(KeyType type) {
        Objects.requireNonNull(type, "type");
        try {
            if (type == KeyType.ED25519) {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] spki = kp.getPublic().getEncoded();
                byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
                return new SigningKey(type, kp.getPrivate(), HexFormat.of().formatHex(raw));
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair kp = g.generateKeyPair();
            return new SigningKey(type, kp.getPrivate(), pemPublic(kp.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key: " + e.getMessage(), e);
        }
    }

    public KeyType type() {
        return type;
    }

    /** The public key as listed in metadata. */
    public Key publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** Signs {@code data}; the signature as lowercase hex (Ed25519 raw, ECDSA DER), as TUF metadata carries it. */
    public String signHex(byte[] data) {
        try {
            Signature s = Signature.getInstance(type == KeyType.ED25519 ? "Ed25519" : "SHA256withECDSA");
            s.initSign(privateKey);
            s.update(data);
            return HexFormat.of().formatHex(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with key " + keyId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The private key as PKCS#8 PEM: {@code ENCRYPTED PRIVATE KEY} when {@code passphrase} is non-empty, else
     * {@code PRIVATE KEY}.
     */
    public String toPem(char[] passphrase) {
        try {
            PemObject obj;
            if (passphrase != null && passphrase.length > 0) {
                JceOpenSSLPKCS8EncryptorBuilder b = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BC).setRandom(RANDOM).setPassword(passphrase)
                        .setIterationCount(PBKDF2_ITERATIONS).setPRF(JcaPKCS8Generator.PRF_HMACSHA256);
                obj = new JcaPKCS8Generator(privateKey, b.build()).generate();
            } else {
                obj = new PemObject("PRIVATE KEY", privateKey.getEncoded());
            }
            StringWriter sw = new StringWriter();
            try (PemWriter w = new PemWriter(sw)) {
                w.writeObject(obj);
            }
            return sw.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot encode key " + keyId + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PKCS#8 PEM private key (encrypted ones need {@code passphrase}). */
    public static SigningKey fromPem(String pem, char[] passphrase) throws TufException {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_PEM_CHARS) {
            throw new TufException("key PEM is longer than " + MAX_PEM_CHARS + " characters");
        }
        Object obj;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            obj = p.readObject();
        } catch (IOException | RuntimeException e) {
            throw new TufException("key PEM is malformed", e);
        }
        PrivateKeyInfo info;
        if (obj instanceof PKCS8EncryptedPrivateKeyInfo enc) {
            if (passphrase == null || passphrase.length == 0) {
                throw new TufException("key is encrypted: a passphrase is required");
            }
            try {
                info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            } catch (PKCSException | OperatorCreationException | RuntimeException e) {
                throw new TufException("cannot decrypt key: wrong passphrase or corrupt file", e);
            }
        } else if (obj instanceof PrivateKeyInfo plain) {
            info = plain;
        } else {
            throw new TufException("key PEM holds no PKCS#8 private key");
        }
        return fromPrivateKeyInfo(info);
    }

    private static SigningKey fromPrivateKeyInfo(PrivateKeyInfo info) throws TufException {
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
                byte[] raw = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
                if (raw.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                    throw new TufException("Ed25519 private key has a wrong length");
                }
                byte[] pub = new Ed25519PrivateKeyParameters(raw, 0).generatePublicKey().getEncoded();
                PrivateKeyInfo v1 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
                PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(v1.getEncoded()));
                return new SigningKey(KeyType.ED25519, key, HexFormat.of().formatHex(pub));
            }
            if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                if (!SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
                    throw new TufException("EC private key is not on the P-256 curve");
                }
                ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
                        .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
                org.bouncycastle.math.ec.ECPoint q = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1")
                        .getG().multiply(key.getS()).normalize();
                ECPoint w = new ECPoint(new BigInteger(1, q.getAffineXCoord().getEncoded()),
                        new BigInteger(1, q.getAffineYCoord().getEncoded()));
                byte[] spki = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams())).getEncoded();
                return new SigningKey(KeyType.ECDSA_P256, key, pemPublic(spki));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TufException("cannot decode private key", e);
        }
        throw new TufException("unsupported private key algorithm " + alg.getId() + ": use Ed25519 or ECDSA P-256");
    }

    /** Writes the private key as PEM to {@code file} (owner-only permissions, atomic replace). */
    public void writePem(Path file, char[] passphrase) throws TufException {
        AtomicFiles.writePrivate(file, toPem(passphrase).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a key written by {@link #writePem(Path, char[])} (or any PKCS#8 PEM Ed25519 / P-256 key). */
    public static SigningKey readPem(Path file, char[] passphrase) throws TufException {
        try {
            if (Files.size(file) > MAX_PEM_CHARS) {
                throw new TufException(file.getFileName() + ": key file larger than " + MAX_PEM_CHARS + " bytes");
            }
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII), passphrase);
        } catch (IOException e) {
            throw new TufException("cannot read key file " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String pemPublic(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public String toString() {
        return "SigningKey[" + type.keyType() + " keyid=" + keyId + "]";
    }
}
