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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Serves a TUF repository directory statically under {@code /tuf/} over HTTPS that requires a client certificate of
 * the test PKI, with {@code Range: bytes=N-} support. Test hook: {@link #breakNextTargetAfter} cuts the next image
 * transfer after that many bytes.
 */
final class TufHttpsServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    final HttpsServer server;
    final Path root;
    final List<String> targetRequests = new CopyOnWriteArrayList<>();
    final List<String> clientNames = new CopyOnWriteArrayList<>();
    final AtomicLong breakNextTargetAfter = new AtomicLong(-1);
    final AtomicLong stallNextTargetAfter = new AtomicLong(-1);
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "tuf-test-server");
        t.setDaemon(true);
        return t;
    });

    private TufHttpsServer(HttpsServer server, Path root) {
        this.server = server;
        this.root = root.toAbsolutePath().normalize();
    }

    static TufHttpsServer start(TestPki pki, Path repoDir) throws Exception {
        KeyPair k = TestPki.newKey();
        X509Certificate cert = pki.issueServer("localhost", k.getPublic(), "localhost");
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
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        TufHttpsServer t = new TufHttpsServer(s, repoDir);
        s.createContext("/tuf/", t::handle);
        s.setExecutor(t.executor);
        s.start();
        return t;
    }

    URI base() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/tuf/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            X509Certificate peer = (X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0];
            clientNames.add(peer.getSubjectX500Principal().getName());
            String rel = ex.getRequestURI().getPath().substring("/tuf/".length());
            Path file = root.resolve(rel).normalize();
            if (!file.startsWith(root.resolve("metadata")) && !file.startsWith(root.resolve("targets"))
                    || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long length = Files.size(file);
            long start = 0;
            String range = ex.getRequestHeaders().getFirst("Range");
            boolean isTarget = rel.startsWith("targets/");
            if (isTarget) {
                targetRequests.add(rel + (range == null ? "" : " " + range));
            }
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(1)) >= length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                start = Long.parseLong(m.group(1));
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (length - 1) + "/" + length);
                ex.sendResponseHeaders(206, length - start);
            } else {
                ex.sendResponseHeaders(200, length == 0 ? -1 : length);
            }
            long cut = isTarget ? breakNextTargetAfter.getAndSet(-1) : -1;
            long stall = isTarget ? stallNextTargetAfter.getAndSet(-1) : -1;
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(start);
                OutputStream out = ex.getResponseBody();
                if (cut >= 0) {
                    out.write(in.readNBytes((int) cut));
                    out.flush();
                    ex.getHttpContext().getServer(); // the exchange is closed with bytes missing: the connection drops
                    throw new IOException("test: transfer cut after " + cut + " bytes");
                }
                if (stall >= 0) {
                    out.write(in.readNBytes((int) stall));
                    out.flush();
                    try {
                        Thread.sleep(20_000); // trickle nothing: a slow-retrieval attack
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("test: stalled transfer abandoned");
                }
                in.transferTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
