package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.tuf.repo.OnlineKeysJson;
import io.palisade.tuf.TufException;
import io.palisade.tuf.repo.KeyType;
import io.palisade.tuf.repo.OnlineRoleKeys;
import io.palisade.tuf.repo.RootKeys;
import io.palisade.tuf.repo.RootSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code palisade firmware ...}: the signed update repository. Root keys are generated and used HERE, on the
 * operator's machine, never on the server: the CLI signs each root offline and uploads only the signed root.
 * Root key files are encrypted when PALISADE_ROOT_KEY_PASSPHRASE is set.
 */
final class FirmwareCommands {
    private FirmwareCommands() {
    }

    @Command(name = "firmware", description = "Signed firmware updates (TUF model): repository keys, publishing, listing.",
            subcommands = {Keys.class, Publish.class, ListFirmware.class, EvidenceCommands.Sbom.class})
    static final class Firmware {
    }

    @Command(name = "keys", description = "Repository keys: init | rotate-root | revoke | status.",
            subcommands = {Init.class, RotateRoot.class, Revoke.class, Status.class})
    static final class Keys {
    }

    static char[] rootPassphrase(CommandSpec spec) {
        String p = System.getenv("PALISADE_ROOT_KEY_PASSPHRASE");
        if (p == null || p.isEmpty()) {
            spec.commandLine().getErr().println("warning: PALISADE_ROOT_KEY_PASSPHRASE is not set: root key files are written unencrypted (0600);"
                    + " keep them offline");
            return null;
        }
        return p.toCharArray();
    }

    static Instant expiry(String days) {
        return Instant.now().plus(Duration.ofDays(Long.parseLong(days.replace("d", ""))));
    }

    @Command(name = "init", description = "Create the TUF roles: root (offline: its private keys are written to --out, keep that"
            + " directory away from the server), targets, snapshot and timestamp (online, on the server).")
    static final class Init extends ClientCommand {
        @Option(names = "--root-keys", defaultValue = "3", description = "number of root keys (default: ${DEFAULT-VALUE})") int n;
        @Option(names = "--root-threshold", defaultValue = "2", description = "root signatures required (default: ${DEFAULT-VALUE})") int threshold;
        @Option(names = "--out", required = true, description = "directory for the offline root keys (must not exist or be empty)") Path out;
        @Option(names = "--expires", defaultValue = "365d", description = "root expiry (default: ${DEFAULT-VALUE})") String expires;

        @Override
        public Integer call() throws IOException, TufException {
            if (Files.isDirectory(out) && Files.list(out).findAny().isPresent()) {
                throw new ApiClient.CliError(1, out + " is not empty: root keys are never overwritten");
            }
            ApiClient api = dd.client();
            JsonNode repo = api.get("/api/v1/firmware/repository");
            if (repo.path("initialized").isBoolean() && !repo.path("initialized").asBoolean() || repo.path("roles").isMissingNode()) {
                OnlineRoleKeys online = OnlineKeysJson.read(api.post("/api/v1/firmware/keys/online", null).toString().getBytes(StandardCharsets.UTF_8));
                RootKeys root = RootKeys.generate(out, n, threshold, KeyType.ED25519, rootPassphrase(spec));
                byte[] signed = RootSigner.newRoot(Optional.empty(), online, root, expiry(expires), Clock.systemUTC());
                api.putBytes("/api/v1/firmware/root", signed);
                Common.out(spec).printf("update repository initialized: root v1 with %d-of-%d offline keys in %s; targets, snapshot and"
                        + " timestamp keys stay on the server%n", threshold, n, out);
            } else {
                throw new ApiClient.CliError(1, "the update repository is already initialized; use 'firmware keys rotate-root'");
            }
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "rotate-root", description = "Sign a new root offline: with the current root keys (--root-keys-dir), optionally"
            + " moving to new root keys (--new-root-keys-dir with --root-keys/--root-threshold). Devices verify both thresholds.")
    static final class RotateRoot extends ClientCommand {
        @Option(names = "--root-keys-dir", required = true) Path rootDir;
        @Option(names = "--new-root-keys-dir") Path newDir;
        @Option(names = "--root-keys", defaultValue = "3") int n;
        @Option(names = "--root-threshold", defaultValue = "2") int threshold;
        @Option(names = "--expires", defaultValue = "365d") String expires;

        @Override
        public Integer call() throws IOException, TufException {
            ApiClient api = dd.client();
            byte[] current = api.getText("/api/v1/firmware/root").getBytes(StandardCharsets.UTF_8);
            char[] pass = rootPassphrase(spec);
            RootKeys old = RootKeys.load(rootDir, pass);
            RootKeys next = newDir == null ? old : RootKeys.generate(newDir, n, threshold, KeyType.ED25519, pass);
            byte[] signed = RootSigner.newRoot(Optional.of(current), RootSigner.onlineRoles(current), next, old.keys(), expiry(expires), Clock.systemUTC());
            JsonNode s = api.putBytes("/api/v1/firmware/root", signed);
            Common.out(spec).printf("new root installed (%s)%n", s.path("roles").isArray() ? "root v" + s.path("roles").get(0).path("version").asText() : "ok");
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a compromised online key (targets, snapshot or timestamp): the server makes a new"
            + " key, you sign the new root offline; metadata signed by the old key is refused by devices from then on.")
    static final class Revoke extends ClientCommand {
        @Option(names = "--role", required = true) String role;
        @Option(names = "--root-keys-dir", required = true) Path rootDir;
        @Option(names = "--expires", defaultValue = "365d") String expires;

        @Override
        public Integer call() throws IOException, TufException {
            ApiClient api = dd.client();
            byte[] current = api.getText("/api/v1/firmware/root").getBytes(StandardCharsets.UTF_8);
            RootKeys root = RootKeys.load(rootDir, rootPassphrase(spec));
            OnlineRoleKeys next = OnlineKeysJson.read(api.post("/api/v1/firmware/keys/rotate", java.util.Map.of("role", role)).toString()
                    .getBytes(StandardCharsets.UTF_8));
            byte[] signed = RootSigner.newRoot(Optional.of(current), next, root, expiry(expires), Clock.systemUTC());
            api.putBytes("/api/v1/firmware/root", signed);
            Common.out(spec).printf("%s key replaced; the new root is installed and the old key is revoked%n", role);
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "status", description = "Versions, expiries, keys and staleness of the repository's roles.")
    static final class Status extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode s = dd.client().get("/api/v1/firmware/repository");
            if (json.json || s.path("roles").isMissingNode()) {
                Common.printJson(Common.out(spec), s);
            } else {
                Common.printTable(Common.out(spec), s.path("roles"), "role", "version", "expires", "threshold", "keysHeld", "expired", "needsRefresh");
                Common.out(spec).printf("targets: %d  stale: %s %s%n", s.path("targetCount").asInt(), s.path("stale").asBoolean(),
                        s.path("problems").isEmpty() ? "" : s.path("problems").toString());
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    @Command(name = "publish", description = "Publish a firmware image as a signed target (length, SHA-256, SHA-512, model,"
            + " version, hardware range, security-update flag, SBOM).")
    static final class Publish extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--version", required = true) String version;
        @Option(names = "--file", required = true) Path file;
        @Option(names = "--sbom", description = "CycloneDX or SPDX JSON SBOM of the image") Path sbom;
        @Option(names = "--hardware", description = "hardware revision range, e.g. '>=1.0,<3.0' (default: any)") String hardware;
        @Option(names = "--security-update", description = "flag the release as a security update") boolean security;

        @Override
        public Integer call() throws IOException {
            ApiClient api = dd.client();
            String base = "/api/v1/firmware/" + Paths.segment(model) + "/" + Paths.segment(version);
            if (sbom != null) {
                api.putBytes(base + "/sbom-target", Files.readAllBytes(sbom));
            }
            List<String> q = new ArrayList<>();
            q.add("file=" + java.net.URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8));
            if (hardware != null) {
                q.add("hardware=" + java.net.URLEncoder.encode(hardware, StandardCharsets.UTF_8));
            }
            if (security) {
                q.add("securityUpdate=true");
            }
            if (sbom != null) {
                q.add("sbom=true");
            }
            JsonNode r = api.upload(base + "?" + String.join("&", q), file, "application/octet-stream");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("published %s %s: target %s, %d bytes, sha256 %s%s%n", model, version, r.path("targetPath").asText(),
                        r.path("length").asLong(), r.path("sha256").asText(), security ? " (security update)" : "");
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Published firmware releases.")
    static final class ListFirmware extends ClientCommand.WithJson {
        @Option(names = "--model") String model;

        @Override
        public Integer call() {
            JsonNode a = dd.client().get(model == null ? "/api/v1/firmware" : "/api/v1/firmware?model=" + java.net.URLEncoder.encode(model, StandardCharsets.UTF_8));
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "model", "version", "targetPath", "length", "securityUpdate", "publishedAt");
            }
            return 0;
        }
    }
}
