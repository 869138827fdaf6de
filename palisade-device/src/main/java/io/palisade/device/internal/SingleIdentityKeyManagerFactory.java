package io.palisade.device.internal;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A {@link KeyManagerFactory} holding exactly one TLS client identity: a private key (which may live in a PKCS#11
 * token and never be extractable) and its certificate chain, leaf first. Never offers a server identity.
 */
public final class SingleIdentityKeyManagerFactory extends KeyManagerFactory {
    private static final Provider PROVIDER = new Provider("PalisadeDeviceIdentity", "1.0",
            "a single device TLS client identity") {
        private static final long serialVersionUID = 1L;
    };

    private SingleIdentityKeyManagerFactory(KeyManager manager) {
        super(new Spi(manager), PROVIDER, "PalisadeDeviceIdentity");
    }

    public static KeyManagerFactory of(PrivateKey key, List<X509Certificate> chain) {
        if (key == null) {
            throw new IllegalArgumentException("private key is required");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain (leaf first) is required");
        }
        return new SingleIdentityKeyManagerFactory(new SingleIdentityKeyManager(key, List.copyOf(chain)));
    }

    private static final class Spi extends KeyManagerFactorySpi {
        private final KeyManager manager;

        Spi(KeyManager manager) {
            this.manager = manager;
        }

        @Override
        protected void engineInit(KeyStore ks, char[] password) {
            // The identity is fixed at construction.
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
            // The identity is fixed at construction.
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return new KeyManager[] {manager};
        }
    }

    static final class SingleIdentityKeyManager extends X509ExtendedKeyManager {
        static final String ALIAS = "device";
        private final PrivateKey key;
        private final List<X509Certificate> chain;
        private final String keyType;

        SingleIdentityKeyManager(PrivateKey key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain;
            this.keyType = chain.get(0).getPublicKey().getAlgorithm();
        }

        private String choose(String[] keyTypes) {
            if (keyTypes == null) {
                return null;
            }
            for (String t : keyTypes) {
                if (keyType.equals(t)) {
                    return ALIAS;
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String type, Principal[] issuers) {
            return keyType.equals(type) ? new String[] {ALIAS} : null;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return choose(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return choose(keyTypes);
        }

        @Override
        public String[] getServerAliases(String type, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.toArray(new X509Certificate[0]) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
