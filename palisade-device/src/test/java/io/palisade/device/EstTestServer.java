package io.palisade.device;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A tiny RFC 7030 server for tests (JDK HttpsServer): /cacerts, /simpleenroll (HTTP Basic one-time tokens or a client
 * certificate), /simplereenroll (client certificate). Base64 PKCS#10 in, base64 certs-only CMS out.
 */
final class EstTestServer implements AutoCloseable {
    record Request(String method, String path, String contentType, String transferEncoding, String authorization,
            String body) {
    }

    /** A canned answer that replaces the EST logic (for malformed-response tests). */
    record Canned(int status, String contentType, byte[] body, long stallMillis) {
    }

    final TestPki pki;
    final HttpsServer server;
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<PublicKey> issuedKeys = new CopyOnWriteArrayList<>();
    volatile Canned canned;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "est-test-server");
        t.setDaemon(true);
        return t;
    });

    private EstTestServer(TestPki pki, HttpsServer server) {
        this.pki = pki;
        this.server = server;
    }

    /** Serves with a certificate for {@code dnsName} issued by {@code serverCa}; trusts client certs from {@code pki}. */
    static EstTestServer start(TestPki pki, TestPki serverCa, String dnsName) throws Exception {
        KeyPair k = TestPki.newKey();
        X509Certificate cert = serverCa.issueServer(dnsName, k.getPublic(), dnsName);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", k.getPrivate(), "x".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "x".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        EstTestServer est = new EstTestServer(pki, s);
        s.createContext("/.well-known/est/", est::handle);
        s.setExecutor(est.executor);
        s.start();
        return est;
    }

    URI base() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/.well-known/est/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = readLimited(ex.getRequestBody());
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Content-Transfer-Encoding"),
                    ex.getRequestHeaders().getFirst("Authorization"), new String(in, StandardCharsets.US_ASCII)));
            Canned c = canned;
            if (c != null) {
                if (c.stallMillis() > 0) {
                    ex.getResponseHeaders().add("Content-Type", c.contentType());
                    ex.sendResponseHeaders(c.status(), 0);
                    ex.getResponseBody().write(c.body(), 0, Math.min(10, c.body().length));
                    ex.getResponseBody().flush();
                    Thread.sleep(c.stallMillis());
                    return;
                }
                send(ex, c.status(), c.contentType(), c.body());
                return;
            }
            String op = path.substring(path.lastIndexOf('/') + 1);
            switch (op) {
                case "cacerts" -> send(ex, 200, "application/pkcs7-mime", certsOnly(List.of(pki.root)));
                case "simpleenroll" -> enroll(ex, in, false);
                case "simplereenroll" -> enroll(ex, in, true);
                default -> problem(ex, 404, "no such EST operation");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem(ex, 500, e.toString());
        }
    }

    private void enroll(HttpExchange ex, byte[] body, boolean reenroll) throws Exception {
        if (!"POST".equals(ex.getRequestMethod())) {
            problem(ex, 405, "POST required");
            return;
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.startsWith("application/pkcs10")) {
            problem(ex, 415, "application/pkcs10 required");
            return;
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(body));
        } catch (Exception e) {
            problem(ex, 400, "bad CSR encoding");
            return;
        }
        JcaPKCS10CertificationRequest jcsr = new JcaPKCS10CertificationRequest(csr);
        if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jcsr.getPublicKey()))) {
            problem(ex, 400, "CSR signature invalid");
            return;
        }
        String cn = cn(csr.getSubject());
        X509Certificate client = clientCert(ex);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        boolean ok;
        if (reenroll) {
            ok = client != null && cn.equals(cn(new X500Name(client.getSubjectX500Principal().getName())));
        } else if (auth != null && auth.startsWith("Basic ")) {
            String[] idToken = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            ok = idToken.length == 2 && idToken[0].equals(cn) && tokens.remove(idToken[0], idToken[1]);
        } else {
            ok = client != null;
        }
        if (!ok) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"est\"");
            problem(ex, 401, "invalid or used enrollment token");
            return;
        }
        X509Certificate leaf = pki.issueClient(cn, jcsr.getPublicKey());
        issuedKeys.add(jcsr.getPublicKey());
        List<X509Certificate> out = new ArrayList<>(List.of(pki.root, leaf));
        send(ex, 200, "application/pkcs7-mime; smime-type=certs-only", certsOnly(out));
    }

    private static String cn(X500Name name) {
        return name.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
    }

    private static X509Certificate clientCert(HttpExchange ex) {
        try {
            Certificate[] peer = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            return (X509Certificate) peer[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    static byte[] certsOnly(List<X509Certificate> certs) throws Exception {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addCertificates(new JcaCertStore(certs));
        byte[] der = g.generate(new CMSAbsentContent()).getEncoded();
        return Base64.getMimeEncoder().encode(der);
    }

    private static void problem(HttpExchange ex, int status, String detail) throws IOException {
        String json = "{\"type\":\"about:blank\",\"title\":\"EST error\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\"", "'") + "\"}";
        send(ex, status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        if (status == 200) {
            ex.getResponseHeaders().add("Content-Transfer-Encoding", "base64");
        }
        if (status == 202) {
            ex.getResponseHeaders().add("Retry-After", "60");
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] b = in.readNBytes(128 * 1024);
        return b;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
