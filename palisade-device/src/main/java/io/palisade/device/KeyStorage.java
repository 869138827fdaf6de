package io.palisade.device;

import io.palisade.device.internal.InMemoryKeyStorage;
import io.palisade.device.internal.PemFileKeyStorage;
import io.palisade.device.internal.Pkcs11KeyStorage;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * Where the device key lives: in memory, in a PEM file, or in a PKCS#11 token (SoftHSM2 through the JDK's SunPKCS11
 * provider as a stand-in for a secure element: the private key never leaves the token; CSRs are signed inside it).
 * Every storage holds exactly one EC P-256 key.
 */
public interface KeyStorage {
    PublicKey publicKey();

    /** DER PKCS#10 with subject {@code CN=<deviceId>}, SHA256withECDSA, signed with the stored key. */
    byte[] csr(String deviceId);

    /** The TLS client identity: the stored key with {@code chain} (leaf first; the leaf must match the key). */
    KeyManagerFactory keyManagers(List<X509Certificate> chain);

    /** A new EC P-256 key in process memory. */
    static KeyStorage generateInMemory() {
        return InMemoryKeyStorage.generate();
    }

    /** Loads an unencrypted PKCS#8 PEM key, or creates one (mode 0600) when the file does not exist. */
    static KeyStorage pemFile(Path keyFile) {
        return PemFileKeyStorage.loadOrCreate(keyFile);
    }

    /**
     * Loads the key {@code alias} from the token described by the SunPKCS11 configuration file, or generates it in the
     * token (sensitive, non-extractable) when missing.
     */
    static KeyStorage pkcs11(Path sunPkcs11Config, char[] pin, String alias) {
        return Pkcs11KeyStorage.open(sunPkcs11Config, pin, alias);
    }
}
