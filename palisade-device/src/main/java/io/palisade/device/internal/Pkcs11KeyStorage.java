package io.palisade.device.internal;

import io.palisade.device.DeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An EC P-256 key inside a PKCS#11 token, reached through the JDK's SunPKCS11 provider. The key is generated inside
 * the token as sensitive and non-extractable; CSRs and TLS handshakes sign inside the token. SunPKCS11 only exposes
 * token keys that have a certificate, so a self-signed placeholder certificate (signed in the token) is stored under
 * the alias next to the key.
 */
public final class Pkcs11KeyStorage extends AbstractKeyStorage {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11KeyStorage.class);
    private static final int MAX_CONFIG_BYTES = 64 * 1024;
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Appended to every configuration: private keys generated through the provider never leave the token. */
    private static final String HARDENING = """

            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;
    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
    /**
     * A provider stays logged in once a PIN was accepted, and SunPKCS11 then skips the login. Later opens through the
     * same provider must still present that PIN: a salted hash of it is kept and compared in constant time.
     */
    private static final Map<Provider, byte[]> ACCEPTED_PINS = new ConcurrentHashMap<>();
    private static final byte[] PIN_SALT = new SecureRandom().generateSeed(16);

    private final Provider provider;
    private final String alias;
    private final PrivateKey key;
    private final PublicKey publicKey;

    private Pkcs11KeyStorage(Provider provider, String alias, PrivateKey key, PublicKey publicKey) {
        this.provider = provider;
        this.alias = alias;
        this.key = key;
        this.publicKey = publicKey;
    }

    public static Pkcs11KeyStorage open(Path config, char[] pin, String alias) {
        if (config == null || pin == null) {
            throw new IllegalArgumentException("SunPKCS11 configuration and PIN are required");
        }
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("key alias must be 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        Provider provider = provider(config);
        try {
            byte[] pinHash = pinHash(pin);
            byte[] accepted = ACCEPTED_PINS.get(provider);
            if (accepted != null && !MessageDigest.isEqual(accepted, pinHash)) {
                throw new DeviceException("wrong PIN for the PKCS#11 token (" + provider.getName() + ")");
            }
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            ACCEPTED_PINS.putIfAbsent(provider, pinHash);
            if (ks.isKeyEntry(alias)) {
                PrivateKey key = (PrivateKey) ks.getKey(alias, pin);
                Certificate cert = ks.getCertificate(alias);
                if (key == null || cert == null) {
                    throw new DeviceException("token key '" + alias + "' has no certificate; cannot use it");
                }
                PublicKey pub = cert.getPublicKey();
                requireP256(pub);
                requireNonExtractable(key, alias);
                LOG.info("Using device key '{}' from PKCS#11 token ({})", alias, provider.getName());
                return new Pkcs11KeyStorage(provider, alias, key, pub);
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X509Certificate holder = selfSigned(alias, pair.getPublic(), pair.getPrivate(), provider);
            ks.setKeyEntry(alias, pair.getPrivate(), pin, new Certificate[] {holder});
            PrivateKey stored = (PrivateKey) ks.getKey(alias, pin);
            if (stored == null) {
                throw new DeviceException("the token did not keep the generated key '" + alias + "'");
            }
            requireNonExtractable(stored, alias);
            LOG.info("Generated device key '{}' in PKCS#11 token ({})", alias, provider.getName());
            return new Pkcs11KeyStorage(provider, alias, stored, pair.getPublic());
        } catch (IOException e) {
            throw new DeviceException("cannot log in to the PKCS#11 token (wrong PIN or token missing?): "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new DeviceException("PKCS#11 operation failed: " + e.getMessage(), e);
        }
    }

    private static byte[] pinHash(char[] pin) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(PIN_SALT);
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        byte[] hash = sha.digest(bytes);
        Arrays.fill(bytes, (byte) 0);
        return hash;
    }

    private static void requireNonExtractable(PrivateKey key, String alias) {
        if (key.getEncoded() != null) {
            throw new DeviceException("token key '" + alias + "' is extractable; a device key must stay in the token");
        }
    }

    private static Provider provider(Path config) {
        String text;
        try {
            if (Files.size(config) > MAX_CONFIG_BYTES) {
                throw new DeviceException("SunPKCS11 configuration " + config + " is larger than "
                        + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceException("cannot read SunPKCS11 configuration " + config + ": " + e.getMessage(), e);
        }
        String effective = text + HARDENING;
        return PROVIDERS.computeIfAbsent(effective, cfg -> {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new DeviceException("the SunPKCS11 provider is not available in this JDK");
            }
            Provider p;
            try {
                p = base.configure("--" + cfg);
            } catch (RuntimeException e) {
                throw new DeviceException("cannot configure SunPKCS11 from " + config + ": " + e.getMessage(), e);
            }
            Provider installed = Security.getProvider(p.getName());
            if (installed != null) {
                throw new DeviceException("a PKCS#11 provider named " + p.getName()
                        + " is already installed with another configuration; use a distinct 'name'");
            }
            // Installed so that JSSE's delayed provider selection finds it for the token key during TLS handshakes.
            Security.addProvider(p);
            return p;
        });
    }

    public String alias() {
        return alias;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    protected PrivateKey privateKey() {
        return key;
    }

    @Override
    protected Provider signingProvider() {
        return provider;
    }

    @Override
    public String toString() {
        return "Pkcs11KeyStorage[" + provider.getName() + ", alias=" + alias + "]";
    }
}
