package io.palisade.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.server.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Shared helpers of the evidence tests: corpus files, CLI calls that must succeed, a disclosure policy. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = Fixtures.class.getResourceAsStream("/evidence/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static Path write(Path dir, String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    static Path write(Path dir, String name, String content) throws Exception {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a CLI command that must exit 0; returns its stdout. */
    static String ok(TestServer t, String... args) {
        TestServer.Cli r = t.cli(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err()).isZero();
        return r.out();
    }

    static JsonNode okJson(TestServer t, String... args) {
        return TestServer.json(ok(t, args));
    }

    static String policy(Instant expires) {
        return """
                {"contacts": ["mailto:security@example.com", "https://example.com/security/report"],
                 "policy": "https://example.com/security/policy",
                 "preferredLanguages": ["en", "de"],
                 "canonical": ["https://example.com/.well-known/security.txt"],
                 "expires": "%s",
                 "acknowledgeWithinDays": 5,
                 "statusUpdateEveryDays": 30}
                """.formatted(expires.truncatedTo(ChronoUnit.SECONDS));
    }

    static String model(TestServer t, String name, String manufacturer, String supportUntil) {
        return ok(t, "model", "create", "--name", name, "--manufacturer", manufacturer, "--support-until", supportUntil);
    }

    static void device(TestServer t, Path dir, String model, String id, String firmware) {
        if (firmware == null) {
            ok(t, "device", "create", "--model", model, "--id", id, "--out", dir.toString());
        } else {
            ok(t, "device", "create", "--model", model, "--id", id, "--firmware", firmware, "--out", dir.toString());
        }
    }

    /** The results of an assessment whose evidence came from the given collector. */
    static java.util.List<JsonNode> byCollector(JsonNode assessment, String collector) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode r : assessment.path("results")) {
            for (JsonNode e : r.path("evidence")) {
                if (e.path("collector").asText().equals(collector)) {
                    out.add(r);
                }
            }
        }
        assertThat(out).as("requirements judged by " + collector).isNotEmpty();
        return out;
    }
}
