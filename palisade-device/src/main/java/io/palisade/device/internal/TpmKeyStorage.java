package io.palisade.device.internal;

import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmtPublic;
import io.palisade.attest.tpm.TpmtSignature;
import io.palisade.device.DeviceException;
import io.palisade.device.tpm.Tpm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device key inside a TPM 2.0: an EC P-256 ECDSA/SHA-256 signing key (fixedTPM, fixedParent,
 * sensitiveDataOrigin) created under the owner hierarchy's ECC primary storage key with {@code tpm2_create}. Only
 * its public area ({@code device-key.pub}) and its private area wrapped by the primary ({@code device-key.priv},
 * useless outside this TPM) are kept on disk. The primary is re-derived with {@code tpm2_createprimary} (same seed,
 * same template, same key) and the key loaded with {@code tpm2_load} whenever it is opened; CSRs and TLS
 * handshakes sign with {@code tpm2_sign} through a small JCA provider.
 */
public final class TpmKeyStorage extends AbstractKeyStorage {
    private static final Logger LOG = LoggerFactory.getLogger(TpmKeyStorage.class);
    static final String ATTRIBUTES = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign";

    private final Tpm tpm;
    private final Path dir;
    private final PublicKey publicKey;
    private final TpmPrivateKey privateKey;

    private TpmKeyStorage(Tpm tpm, Path dir, PublicKey publicKey) {
        this.tpm = tpm;
        this.dir = dir;
        this.publicKey = publicKey;
        this.privateKey = new TpmPrivateKey(this);
    }

    /** Loads the key kept under {@code tpm.workDir()}, or generates it inside the TPM when missing. */
    public static TpmKeyStorage open(Tpm tpm) {
        Path dir = tpm.workDir();
        Path pub = dir.resolve("device-key.pub");
        Path priv = dir.resolve("device-key.priv");
        boolean created = false;
        if (!Files.exists(pub) || !Files.exists(priv)) {
            tpm.locked(() -> {
                createPrimary(tpm, dir);
                try {
                    tpm.run("tpm2_create", "-C", dir.resolve("primary.ctx").toString(), "-G", "ecc256:ecdsa-sha256",
                            "-g", "sha256", "-a", ATTRIBUTES, "-u", pub.toString(), "-r", priv.toString());
                } finally {
                    tpm.flushTransient();
                }
            });
            created = true;
        }
        TpmtPublic area;
        try {
            area = TpmtPublic.parseTpm2b(Files.readAllBytes(pub));
        } catch (IOException e) {
            throw new DeviceException("cannot read " + pub + ": " + e.getMessage(), e);
        } catch (TpmFormatException e) {
            throw new DeviceException("the TPM key's public area is invalid: " + e.getMessage(), e);
        }
        if (!area.has(TpmtPublic.FIXED_TPM | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN
                | TpmtPublic.SIGN)) {
            throw new DeviceException("the TPM key is not a fixedTPM signing key generated inside the TPM");
        }
        requireP256(area.publicKey());
        TpmKeyStorage storage = new TpmKeyStorage(tpm, dir, area.publicKey());
        storage.signDigest(new byte[32]); // proves the key loads and signs in this TPM
        LOG.info("{} device key in TPM ({})", created ? "Generated" : "Using", tpm);
        return storage;
    }

    private static void createPrimary(Tpm tpm, Path dir) {
        tpm.run("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G", "ecc256:null:aes128cfb", "-c",
                dir.resolve("primary.ctx").toString());
    }

    /** Signs a SHA-256 digest inside the TPM; returns the DER ECDSA signature. */
    byte[] signDigest(byte[] digest) {
        Path d = dir.resolve("sign.digest");
        Path sig = dir.resolve("sign.sig");
        Path ctx = dir.resolve("device-key.ctx");
        byte[][] out = new byte[1][];
        tpm.locked(() -> {
            try {
                Files.write(d, digest);
                createPrimary(tpm, dir);
                tpm.run("tpm2_load", "-C", dir.resolve("primary.ctx").toString(), "-u",
                        dir.resolve("device-key.pub").toString(), "-r", dir.resolve("device-key.priv").toString(),
                        "-c", ctx.toString());
                // without a resource manager the primary and the loaded key stay in the TPM's few object slots:
                // flush them; the saved key context is loaded again by tpm2_sign
                tpm.flushTransient();
                tpm.run("tpm2_sign", "-c", ctx.toString(), "-g", "sha256", "-s", "ecdsa", "-d", "-o", sig.toString(),
                        d.toString());
                out[0] = TpmtSignature.parse(Files.readAllBytes(sig)).ecdsaDer();
            } catch (IOException e) {
                throw new DeviceException("TPM signing I/O failed: " + e.getMessage(), e);
            } catch (TpmFormatException e) {
                throw new DeviceException("the TPM returned an unexpected signature: " + e.getMessage(), e);
            } finally {
                tpm.flushTransient();
            }
        });
        return out[0];
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    protected PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    protected Provider signingProvider() {
        return TpmSigningProvider.INSTANCE;
    }

    @Override
    public KeyManagerFactory keyManagers(List<X509Certificate> chain) {
        // JSSE picks the signature provider by key class during the handshake: the provider must be installed.
        if (Security.getProvider(TpmSigningProvider.NAME) == null) {
            Security.addProvider(TpmSigningProvider.INSTANCE);
        }
        return super.keyManagers(chain);
    }

    @Override
    public String toString() {
        return "TpmKeyStorage[" + tpm + "]";
    }
}
