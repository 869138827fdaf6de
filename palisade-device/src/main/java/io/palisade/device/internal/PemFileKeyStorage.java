package io.palisade.device.internal;

import io.palisade.core.files.OwnerOnlyFiles;
import io.palisade.device.DeviceException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * An EC P-256 key in an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). Created with mode 0600 when
 * missing; refused when group or others may read it (like OpenSSH), or when it is not a P-256 key.
 */
public final class PemFileKeyStorage extends AbstractKeyStorage {
    /** Upper bound of a key file; a P-256 PKCS#8 PEM is about 250 bytes. */
    public static final int MAX_FILE_BYTES = 16 * 1024;
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final KeyPair pair;

    private PemFileKeyStorage(Path file, KeyPair pair) {
        this.file = file;
        this.pair = pair;
    }

    public static PemFileKeyStorage loadOrCreate(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("key file path is required");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new PemFileKeyStorage(file, load(file));
        }
        KeyPair pair = InMemoryKeyStorage.newP256();
        write(file, pair.getPrivate());
        return new PemFileKeyStorage(file, pair);
    }

    private static KeyPair load(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DeviceException("key file " + file + " is not a regular file");
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new DeviceException("key file " + file + " is accessible by group or others ("
                            + PosixFilePermissions.toString(perms) + "); restrict it to the owner (chmod 600)");
                }
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new DeviceException("key file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parsePem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new DeviceException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses an unencrypted PKCS#8 EC P-256 PEM and derives the public key. */
    public static KeyPair parsePem(String pem) {
        if (pem == null || pem.length() > MAX_FILE_BYTES) {
            throw new DeviceException("key PEM is missing or larger than " + MAX_FILE_BYTES + " bytes");
        }
        int b = pem.indexOf(BEGIN);
        int e = pem.indexOf(END);
        if (b < 0 || e < b) {
            if (pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("EC PRIVATE KEY")) {
                throw new DeviceException("unsupported key PEM: expected an unencrypted PKCS#8 'PRIVATE KEY'");
            }
            throw new DeviceException("no '" + BEGIN + "' block in the key PEM");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.substring(b + BEGIN.length(), e).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException ex) {
            throw new DeviceException("key PEM body is not valid base64");
        }
        return fromPkcs8(der);
    }

    static KeyPair fromPkcs8(byte[] der) {
        if (der.length == 0) {
            throw new DeviceException("the key PEM is empty");
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
                    || !SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
                throw new DeviceException("the key file must hold an EC P-256 (secp256r1) key");
            }
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new PKCS8EncodedKeySpec(der));
            BigInteger d = priv.getS();
            if (d.signum() <= 0 || d.compareTo(P256_ORDER) >= 0) {
                throw new DeviceException("the key file holds an invalid EC private scalar");
            }
            X9ECParameters p256 = CustomNamedCurves.getByName("P-256");
            org.bouncycastle.math.ec.ECPoint q = p256.getG().multiply(d).normalize();
            PublicKey pub = kf.generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                    priv.getParams()));
            requireP256(pub);
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof DeviceException de) {
                throw de;
            }
            throw new DeviceException("the key file does not hold a valid PKCS#8 EC key: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    public static String toPem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    private static void write(Path file, PrivateKey key) {
        try {
            OwnerOnlyFiles.createPrivate(file, toPem(key));
        } catch (FileAlreadyExistsException e) {
            throw new DeviceException("key file " + file + " appeared while creating it", e);
        } catch (IOException e) {
            throw new DeviceException("cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
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
        return "PemFileKeyStorage[" + file + "]";
    }
}
