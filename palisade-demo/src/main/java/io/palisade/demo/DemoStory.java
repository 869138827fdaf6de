package io.palisade.demo;

import io.palisade.server.PalisadeServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.device.FleetSimulator;
import io.palisade.vuln.publish.CsafWriter;
import io.palisade.vuln.publish.ProductRef;
import io.palisade.vuln.publish.Publication;
import io.palisade.vuln.publish.VexStatement;
import io.palisade.vuln.publish.VulnerabilityEntry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story {@code palisade demo} tells once the fleet is up, through the platform's own REST API: a camera
 * beacons outside its (signed) MUD profile and is quarantined; a CSAF advisory arrives for the plug's firmware and
 * the exposed devices are listed; a virtual patch goes on at once; the signed fixed firmware rolls out in waves and
 * the virtual patch retires as devices confirm; the conformity report for the consumer profile closes the story.
 */
final class DemoStory implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoStory.class);
    static final String FIXED = "1.4.2";

    private final PalisadeServer server;
    private final FleetSimulator sim;
    private final int fleetSize;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private volatile boolean stopped;

    DemoStory(PalisadeServer server, FleetSimulator sim, int fleetSize, PrintWriter out) throws java.io.IOException {
        this.server = server;
        this.sim = sim;
        this.fleetSize = fleetSize;
        this.out = out;
        this.token = Files.readString(server.dataDir().resolve(PalisadeServer.ADMIN_TOKEN_FILE), StandardCharsets.UTF_8).trim();
    }

    void stop() {
        stopped = true;
    }

    private void say(String format, Object... args) {
        String line = String.format(format, args);
        out.println(" [story] " + line);
        out.flush();
        LOG.info("demo story: {}", line);
    }

    static final String DONE_MARKER = "demo-story.done";

    /**
     * Initializes the update repository for the demo (root keys generated offline — here, for the demo only, in the
     * data directory) and returns the root.json the simulated devices are provisioned with.
     */
    static byte[] provisionRoot(PalisadeServer server) throws Exception {
        DemoStory api = new DemoStory(server, null, 0, null);
        JsonNode repo = api.get("/api/v1/firmware/repository");
        if (repo.path("roles").isMissingNode()) {
            io.palisade.tuf.repo.OnlineRoleKeys online = io.palisade.tuf.repo.OnlineKeysJson.read(
                    api.send("POST", "/api/v1/firmware/keys/online", null, null).body().getBytes(StandardCharsets.UTF_8));
            java.nio.file.Path dir = server.dataDir().resolve("demo-offline-root-keys");
            io.palisade.tuf.repo.RootKeys root = io.palisade.tuf.repo.RootKeys.generate(dir, 3, 2, io.palisade.tuf.repo.KeyType.ED25519, null);
            byte[] signed = io.palisade.tuf.repo.RootSigner.newRoot(java.util.Optional.empty(), online, root, Instant.now().plus(Duration.ofDays(365)),
                    java.time.Clock.systemUTC());
            api.call("PUT", "/api/v1/firmware/root", "application/octet-stream", signed);
            LOG.info("demo: update repository initialized; its 2-of-3 root keys are in {} (demo only: keep root keys offline)", dir);
        }
        return api.send("GET", "/api/v1/firmware/root", null, null).body().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        java.nio.file.Path marker = server.dataDir().resolve(DONE_MARKER);
        if (Files.exists(marker)) {
            say("the story already ran with this data directory; start the demo with a new --data-dir to see it again");
            return;
        }
        try {
            if (!await(Duration.ofMinutes(5), () -> sim.progress().connected() >= fleetSize)) {
                say("the fleet did not connect in time; the story is skipped");
                return;
            }
            say("1/6 the fleet is up: %d devices enrolled over EST and connected over mutual TLS", fleetSize);
            posture();
            mudStory();
            String advisory = advisoryStory();
            vpatchStory();
            rolloutStory();
            retireStory();
            conformityStory(advisory);
            io.palisade.server.support.Files2.writePrivate(marker, Instant.now().toString() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stopped) {
                LOG.warn("demo story stopped: {}", e.toString(), e);
                say("stopped: %s", e.getMessage());
            }
        }
    }

    /** What a careful operator configures first: a disclosure policy (security.txt) and a behaviour profile. */
    private void posture() throws Exception {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("contacts", List.of("mailto:security@acme.example"));
        policy.put("policy", "https://acme.example/security/disclosure");
        policy.put("preferredLanguages", List.of("en"));
        policy.put("canonical", List.of("https://localhost:" + server.httpsPort() + "/.well-known/security.txt"));
        policy.put("expires", Instant.now().plus(Duration.ofDays(180)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        policy.put("acknowledgeWithinDays", 5);
        policy.put("statusUpdateEveryDays", 14);
        json("PUT", "/api/v1/disclosure", policy);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", "demo-fleet");
        profile.put("models", List.of("acme-cam", "acme-plug", "acme-plc-gw"));
        profile.put("rules", List.of("messages_in > 600 for 60s severity high", "auth_failures > 10 for 0s severity high"));
        json("PUT", "/api/v1/security-profiles/demo-fleet", profile);
        say("   the operator publishes a disclosure policy (/.well-known/security.txt, support periods) and a behaviour profile");
    }

    // ---- 2: MUD ----------------------------------------------------------------------------------------------

    private void mudStory() throws Exception {
        byte[] mud;
        try (InputStream in = DemoStory.class.getResourceAsStream("/demo/acme-cam.mud.json")) {
            mud = in.readAllBytes();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=Acme MUD signer (demo)");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()), cert));
        gen.addCertificates(new JcaCertStore(List.of(cert)));
        byte[] sig = gen.generate(new CMSProcessableByteArray(mud), false).getEncoded();
        call("POST", "/api/v1/mud/signers", "text/plain", io.palisade.pki.Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("mud", Base64.getEncoder().encodeToString(mud));
        req.put("signature", Base64.getEncoder().encodeToString(sig));
        req.put("source", "demo/acme-cam.mud.json");
        JsonNode imported = json("POST", "/api/v1/mud/import", req);
        say("2/6 MUD: the camera's signed MUD profile is imported (version %d, signature %s)", imported.path("profile").path("version").asInt(),
                imported.path("profile").path("signature").asText());
        List<String> cams = devices("acme-cam");
        StringBuilder flows = new StringBuilder();
        for (int i = 0; i < cams.size(); i++) {
            String ip = "10.0.1." + (10 + i);
            json("PUT", "/api/v1/devices/" + cams.get(i) + "/address", Map.of("ip", ip));
            flows.append("{\"src\":\"").append(ip).append("\",\"sport\":50000,\"dst\":\"203.0.113.10\",\"dport\":443,\"proto\":\"tcp\","
                    + "\"dst_name\":\"cloud.acme.example\",\"initiator\":\"src\"}\n");
        }
        String rogue = cams.get(cams.size() - 1);
        String rogueIp = "10.0.1." + (10 + cams.size() - 1);
        for (int i = 0; i < 3; i++) {
            flows.append("{\"src\":\"").append(rogueIp).append("\",\"sport\":").append(51000 + i).append(",\"dst\":\"198.51.100.66\",\"dport\":6667,"
                    + "\"proto\":\"tcp\",\"initiator\":\"src\"}\n");
        }
        JsonNode verdicts = call("POST", "/api/v1/gateway/flows", "application/x-ndjson", flows.toString().getBytes(StandardCharsets.UTF_8));
        say("   the gateway reports %d flows: %d allowed by the profile, %d denied (%s beacons to 198.51.100.66:6667)",
                verdicts.path("verdicts").size(), verdicts.path("verdicts").size() - verdicts.path("denied").asInt(), verdicts.path("denied").asInt(), rogue);
        boolean quarantined = await(Duration.ofSeconds(30), () -> "quarantined".equals(get("/api/v1/devices/" + rogue).path("device").path("state").asText()));
        JsonNode alert = get("/api/v1/alerts?type=mud.violation&device=" + rogue);
        say("   alert %s (%s, %d violations) -> %s is %s; its update and attestation channels stay open",
                alert.path(0).path("id").asText("-"), alert.path(0).path("severity").asText("-").toLowerCase(java.util.Locale.ROOT),
                alert.path(0).path("count").asLong(), rogue, quarantined ? "QUARANTINED" : "not quarantined (check the playbook)");
    }

    // ---- 3: advisory ---------------------------------------------------------------------------------------

    private String advisoryStory() throws Exception {
        Instant now = Instant.now();
        ProductRef affected = new ProductRef("Acme", "acme-plug", "1.0.0", null, null);
        ProductRef fixed = new ProductRef("Acme", "acme-plug", FIXED, null, null);
        Publication p = new Publication(Publication.Profile.SECURITY_ADVISORY, "ACME-SA-2026-0042",
                "Path traversal in the debug command handler of the Acme smart plug", "Acme", URI.create("https://acme.example"), "en",
                now, now, null, false, "A crafted debug command can read arbitrary files on the plug. Update to " + FIXED + ".",
                List.of(new VulnerabilityEntry("CVE-2026-31337", null, "Path traversal in the debug handler",
                        "The debug/exec command does not normalize its path argument.", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
                        "CWE-22", "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
                        List.of(new VexStatement(affected, io.palisade.vuln.match.VexStatus.AFFECTED, null, null, null, FIXED),
                                new VexStatement(fixed, io.palisade.vuln.match.VexStatus.FIXED, null, null, null, null)))));
        byte[] doc = new CsafWriter().writeBytes(p);
        JsonNode ingested = call("POST", "/api/v1/advisories", "application/json", doc);
        String id = ingested.path("id").asText(ingested.path("advisory").path("id").asText("ACME-SA-2026-0042"));
        JsonNode exposure = get("/api/v1/vuln/exposure?advisory=" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
        say("3/6 a CSAF 2.0 advisory arrives (%s, CVE-2026-31337) and is validated; exposure: %s", id, exposureText(exposure));
        return id;
    }

    private static String exposureText(JsonNode exposure) {
        List<String> parts = new ArrayList<>();
        for (JsonNode a : exposure.path("advisories")) {
            for (JsonNode f : a.path("firmware")) {
                parts.add(f.path("model").asText() + " " + f.path("firmwareVersion").asText() + " " + f.path("status").asText().toLowerCase(java.util.Locale.ROOT)
                        + " (" + f.path("devices").asLong() + " devices, matched by " + f.path("matchedBy").asText().toLowerCase(java.util.Locale.ROOT)
                        + ", confidence " + f.path("confidence").asText().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            parts.add(a.path("affectedDevices").asLong() + " devices exposed");
        }
        return parts.isEmpty() ? "no matching firmware" : String.join("; ", parts);
    }

    // ---- 4: virtual patch ----------------------------------------------------------------------------------

    private void vpatchStory() throws Exception {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("id", "VP-CVE-2026-31337");
        patch.put("advisory", "CVE-2026-31337");
        patch.put("description", "drop debug commands with a path traversal until the plug runs " + FIXED);
        patch.put("models", List.of("acme-plug"));
        patch.put("firmwareRange", "<" + FIXED);
        patch.put("edge", List.of(Map.of("type", "payload", "topic", "cmd/debug/#", "direction", "to-device", "path", "$.path", "op", "contains",
                "value", "..")));
        patch.put("canaryPercent", 100);
        JsonNode st = json("POST", "/api/v1/vpatches", patch);
        String plug = devices("acme-plug").get(0);
        HttpResponse<String> blocked = send("POST", "/api/v1/devices/" + plug + "/commands/debug/exec", "application/json",
                "{\"cmd\":\"cat\",\"path\":\"../../etc/shadow\"}".getBytes(StandardCharsets.UTF_8));
        say("4/6 virtual patch %s is on for %d vulnerable plugs: the exploit command to %s is refused (HTTP %d) without touching the device",
                st.path("id").asText(), st.path("vulnerableDevices").asInt(), plug, blocked.statusCode());
    }

    // ---- 5: rollout ----------------------------------------------------------------------------------------

    private void rolloutStory() throws Exception {
        byte[] image = new byte[256 * 1024];
        new Random(42).nextBytes(image);
        byte[] sbom = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[{\"type\":\"firmware\","
                + "\"name\":\"acme-plug\",\"version\":\"" + FIXED + "\",\"purl\":\"pkg:generic/acme/acme-plug@" + FIXED + "\"}]}").getBytes(StandardCharsets.UTF_8);
        call("PUT", "/api/v1/firmware/acme-plug/" + FIXED + "/sbom-target", "application/octet-stream", sbom);
        call("PUT", "/api/v1/firmware/acme-plug/" + FIXED + "/sbom", "application/json", sbom);
        JsonNode rel = call("POST", "/api/v1/firmware/acme-plug/" + FIXED + "?file=acme-plug-" + FIXED + ".bin&hardware=" + java.net.URLEncoder.encode(">=1.0,<3.0",
                StandardCharsets.UTF_8) + "&securityUpdate=true&sbom=true", "application/octet-stream", image);
        say("5/6 the fixed firmware %s is published with its SBOM as signed TUF targets (%d bytes, sha256 %s...)", FIXED, rel.path("length").asLong(),
                rel.path("sha256").asText().substring(0, 16));
        JsonNode started = json("POST", "/api/v1/rollouts", Map.of("model", "acme-plug", "version", FIXED, "waves", "10%,50%,100%",
                "maxFailure", "5%", "pauseBetween", "5s"));
        String id = started.path("rollout").path("id").asText();
        say("   rollout %s to %d plugs in waves 10%%, 50%%, 100%% (pauses above 5%% failures)", id, started.path("devices").asInt());
        await(Duration.ofMinutes(10), () -> get("/api/v1/rollouts/" + id).path("rollout").path("state").asText().matches("completed|paused|aborted"));
        JsonNode s = get("/api/v1/rollouts/" + id);
        say("   rollout %s: %s, %d succeeded, %d failed (devices verified root, timestamp, snapshot, targets and the image hashes)", id,
                s.path("rollout").path("state").asText(), s.path("succeeded").asInt(), s.path("failed").asInt());
    }

    private void retireStory() throws Exception {
        int plugs = devices("acme-plug").size();
        await(Duration.ofSeconds(60), () -> get("/api/v1/vpatches/VP-CVE-2026-31337").path("status").path("retiredDevices").asInt() >= plugs);
        JsonNode st = get("/api/v1/vpatches/VP-CVE-2026-31337").path("status");
        say("   virtual patch retired for %d of %d plugs as they confirmed firmware %s (stage %s)", st.path("retiredDevices").asInt(), plugs,
                FIXED, st.path("stage").asText().toLowerCase(java.util.Locale.ROOT));
    }

    // ---- 6: conformity --------------------------------------------------------------------------------------

    private void conformityStory(String advisory) throws Exception {
        JsonNode r = get("/api/v1/conformity?profile=consumer&format=json");
        JsonNode totals = r.path("totals").isMissingNode() ? r.path("summary") : r.path("totals");
        say("6/6 conformity, consumer profile, from live evidence: %s", totals.toString());
        java.util.Set<String> why = new java.util.LinkedHashSet<>();
        for (JsonNode res : r.path("results")) {
            if ("FAIL".equals(res.path("verdict").asText())) {
                res.path("reasons").forEach(x -> why.add(x.asText()));
            }
        }
        why.stream().limit(6).forEach(x -> say("   fails: %s", x));
        say("   full report: curl -s -H \"Authorization: Bearer $(cat %s/admin.token)\" 'http://127.0.0.1:%d/api/v1/conformity?profile=consumer&format=html' > report.html",
                server.dataDir(), server.httpPort());
        say("   or: ./palisade assess --profile consumer --format html --out report.html; ./palisade alerts list; ./palisade vuln exposure --advisory %s",
                advisory);
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private List<String> devices(String model) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : get("/api/v1/devices?model=" + model)) {
            if (model.equals(d.path("model").asText())) {
                out.add(d.path("id").asText());
            }
        }
        return out;
    }

    private JsonNode get(String path) {
        try {
            return call("GET", path, null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(String method, String path, Object body) throws Exception {
        return call(method, path, "application/json", io.palisade.cli.Json.MAPPER.writeValueAsBytes(body));
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode call(String method, String path, String contentType, byte[] body) throws Exception {
        HttpResponse<String> r = send(method, path, contentType, body);
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? io.palisade.cli.Json.MAPPER.createObjectNode() : io.palisade.cli.Json.MAPPER.readTree(r.body());
    }

    private boolean await(Duration max, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!stopped) {
            try {
                if (done.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.debug("demo story poll failed: {}", e.toString());
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }
}
