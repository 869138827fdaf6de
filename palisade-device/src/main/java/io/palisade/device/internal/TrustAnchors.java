package io.palisade.device.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** TLS settings shared by the EST client and the MQTT agent: the platform root is the only trust anchor. */
public final class TrustAnchors {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TrustAnchors() {
    }

    public static TrustManagerFactory onlyRoot(X509Certificate root) {
        if (root == null) {
            throw new IllegalArgumentException("trusted root certificate is required");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("palisade-root", root);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build trust manager for the platform root: " + e.getMessage(), e);
        }
    }

    public static SSLContext context(X509Certificate root, KeyManagerFactory identity) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : identity.getKeyManagers(), onlyRoot(root).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
        }
    }

    /** TLS 1.3/1.2 with hostname verification ("HTTPS" endpoint identification). */
    public static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.clone());
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
