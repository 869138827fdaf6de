package io.palisade.server.support;

import java.net.Socket;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS contexts for the HTTPS listener. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * The HTTPS server context. Client certificates are requested (not required) and only checked for shape
     * here; trust decisions are made per route against explicit anchors (EST: see EstRoutes), because the
     * anchors differ per route and a TLS-level refusal would give the device no readable error. No other
     * route reads the client certificate.
     */
    public static SSLContext httpsServer(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("server", key, pw, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new RouteCheckedClientTrust()}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the HTTPS TLS context", e);
        }
    }

    /**
     * Accepts a well-formed client chain for later per-route validation; never used for server trust. It names no
     * acceptable issuers, so a device presents its certificate whichever CA issued it (platform or manufacturer).
     */
    static final class RouteCheckedClientTrust extends X509ExtendedTrustManager {

        private static void shape(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || chain.length > 5) {
                throw new CertificateException("client certificate chain must have 1 to 5 certificates");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            shape(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            shape(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            shape(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a client trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a client trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a client trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
