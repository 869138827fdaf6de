package io.palisade.server;

import io.palisade.server.config.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.server.http.Json;
import io.palisade.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A real Palisade server on free ports in a temporary data directory, plus clients to talk to it. */
public final class TestServer implements AutoCloseable {
    public final Path dataDir;
    public PalisadeServer server;

    private final String dbUrl;
    private final String dbUser;

    public TestServer(Path dataDir) {
        this(dataDir, null, null);
    }

    public TestServer(Path dataDir, String dbUrl, String dbUser) {
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        start();
    }

    public void start() {
        server = PalisadeServer.start(new ServerConfig(dataDir, 0, 0, 0, "127.0.0.1", "localhost", false, 50, 64 * 1024, dbUrl, dbUser));
    }

    public void restart() {
        server.close();
        start();
    }

    public String token() throws IOException {
        return Files.readString(dataDir.resolve("admin.token"), StandardCharsets.UTF_8).trim();
    }

    public String api() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public String https() {
        return "https://localhost:" + server.httpsPort();
    }

    public record Response(int status, String body, String contentType, byte[] bytes) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response call(String method, String url, String token, String contentType, byte[] body) throws Exception {
        return call(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), method, url, token, contentType, body);
    }

    public static Response call(HttpClient client, String method, String url, String authorization, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization.contains(" ") ? authorization : "Bearer " + authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    public Response get(String path) throws Exception {
        return call("GET", api() + path, token(), null, null);
    }

    public Response post(String path, String json) throws Exception {
        return call("POST", api() + path, token(), "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** HTTPS client trusting only the platform root, optionally presenting a client certificate. */
    public HttpClient httpsClient(PrivateKey key, List<X509Certificate> chain) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", server.ca().rootCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        KeyManagerFactory kmf = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", key, new char[0], chain.toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Runs the CLI in-process against this server. */
    public record Cli(int exit, String out, String err) {
    }

    public Cli cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data-dir");
        a.add(dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(a.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs an external tool; returns exit code and combined output. */
    public static Cli exec(Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }

    public static JsonNode json(String text) {
        try {
            return io.palisade.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    public static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    @Override
    public void close() {
        server.close();
    }
}
