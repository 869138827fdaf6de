package io.palisade.bench;

import io.palisade.pki.CaUrls;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.KeyPairs;
import io.palisade.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * Bench set-up against a running Palisade server (its data dir): creates a model and N devices through the API
 * (keys generated here, CSRs signed by the server) into OUT/<id>.key|.crt, writes OUT/ca.pem (root + issuing), and
 * issues a TLS server certificate from the same CA (OUT/server.key|.crt) for the peer brokers, so every broker
 * under test sees the same EC P-256 client certificates.
 *
 * <p>Usage: Provision DATA_DIR OUT_DIR DEVICES
 */
public final class Provision {
    private Provision() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        Files.createDirectories(out);
        String info = Files.readString(data.resolve("server.json"));
        String api = info.replaceAll("(?s).*\"apiUrl\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String token = Files.readString(data.resolve("admin.token")).trim();
        HttpClient http = HttpClient.newHttpClient();
        post(http, api + "/api/v1/models", token, "{\"name\":\"bench\",\"manufacturer\":\"Bench\",\"supportUntil\":\"2035-12\"}", true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis() % 10_000_000L, 36);
        for (int i = 0; i < n; i++) {
            String id = String.format("b%s-%05d", run, i);
            fs.add(pool.submit(() -> {
                KeyPair kp = KeyPairs.ecP256();
                String csr = Pem.csr(KeyPairs.csr(kp, id)).replace("\n", "\\n");
                String body = post(http, api + "/api/v1/devices", token, "{\"id\":\"" + id + "\",\"model\":\"bench\",\"csr\":\"" + csr + "\"}", false);
                String chain = body.replaceAll("(?s).*\"certificate\"\\s*:\\s*\"([^\"]+)\".*", "$1").replace("\\n", "\n");
                Files.writeString(out.resolve(id + ".key"), Pem.privateKey(kp.getPrivate()));
                Files.writeString(out.resolve(id + ".crt"), chain);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        char[] pass = Files.readString(data.resolve("secrets/ca.passphrase")).trim().toCharArray();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"), pass, new CaUrls("http://127.0.0.1/crl", "http://127.0.0.1/ocsp"), Clock.systemUTC());
        Files.writeString(out.resolve("ca.pem"), Pem.certificates(List.of(ca.rootCertificate(), ca.issuingCertificate())));
        KeyPair sk = KeyPairs.ecP256();
        X509Certificate server = ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), sk.getPublic(), Duration.ofDays(7));
        Files.writeString(out.resolve("server.key"), Pem.privateKey(sk.getPrivate()));
        Files.writeString(out.resolve("server.crt"), Pem.certificates(List.of(server, ca.issuingCertificate())));
        System.out.println("provisioned " + n + " devices into " + out);
    }

    private static String post(HttpClient http, String url, String token, String json, boolean allowConflict) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 300 && !(allowConflict && r.statusCode() == 409)) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
