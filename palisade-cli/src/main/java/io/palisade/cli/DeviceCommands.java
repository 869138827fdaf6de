package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.pki.KeyPairs;
import io.palisade.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "device", description = "Devices: registration, identities and lifecycle.",
        subcommands = {DeviceCommands.Create.class, DetectCommands.SendCommand.class, DetectCommands.Erase.class, DeviceCommands.Register.class, DeviceCommands.Token.class, DeviceCommands.ListDevices.class,
                DeviceCommands.Show.class, DeviceCommands.Revoke.class, DeviceCommands.Quarantine.class, DeviceCommands.Release.class,
                DeviceCommands.Decommission.class, DeviceCommands.Transfer.class})
final class DeviceCommands {
    static final int MAX_CSR_FILE = 16 * 1024;

    @Command(name = "create", description = "Register a device and issue its certificate. Without --csr a key pair is generated here"
            + " (written to DIR/<id>.key, 0600); with --csr the CSR made on the device is signed and its key never leaves it.")
    static final class Create extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--id", required = true) String id;
        @Option(names = "--out", defaultValue = ".", description = "directory for <id>.key, <id>.crt and ca.crt (default: current directory)") Path out;
        @Option(names = "--csr", description = "PEM PKCS#10 request made on the device") Path csrFile;
        @Option(names = "--firmware", description = "factory firmware version") String firmware;
        @Option(names = "--owner") String owner;

        @Override
        public Integer call() throws IOException {
            KeyPair kp = null;
            String csr;
            if (csrFile != null) {
                if (Files.size(csrFile) > MAX_CSR_FILE) {
                    throw new ApiClient.CliError(1, csrFile + " is larger than " + MAX_CSR_FILE + " bytes: not a CSR");
                }
                csr = Files.readString(csrFile, StandardCharsets.US_ASCII);
            } else {
                io.palisade.core.device.DeviceId.of(id); // refuse a bad id before making a key for it
                kp = KeyPairs.ecP256();
                csr = Pem.csr(KeyPairs.csr(kp, id));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("model", model);
            body.put("owner", owner);
            body.put("firmware", firmware);
            body.put("csr", csr);
            JsonNode r = dd.client().post("/api/v1/devices", body);
            Files.createDirectories(out);
            if (kp != null) {
                io.palisade.core.files.OwnerOnlyFiles.writePrivate(out.resolve(id + ".key"), Pem.privateKey(kp.getPrivate()));
            }
            Files.writeString(out.resolve(id + ".crt"), r.path("certificate").asText(), StandardCharsets.US_ASCII);
            Files.writeString(out.resolve("ca.crt"), r.path("caCertificate").asText(), StandardCharsets.US_ASCII);
            if (json.json) {
                Common.printJson(Common.out(spec), r.path("device"));
            } else {
                Common.out(spec).printf("created device %s (model %s, state %s)%n  %s%s%n  %s%n", id, model, r.path("device").path("state").asText(),
                        kp != null ? out.resolve(id + ".key") + " (private key, 0600)\n  " : "", out.resolve(id + ".crt") + " (certificate + issuing CA)",
                        out.resolve("ca.crt") + " (platform root CA)");
            }
            return 0;
        }
    }

    @Command(name = "register", description = "Register a device without a certificate: it enrolls itself over EST (one-time token or IDevID).")
    static final class Register extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--id", required = true) String id;
        @Option(names = "--firmware") String firmware;
        @Option(names = "--owner") String owner;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("model", model);
            body.put("owner", owner);
            body.put("firmware", firmware);
            JsonNode r = dd.client().post("/api/v1/devices", body);
            if (json.json) {
                Common.printJson(Common.out(spec), r.path("device"));
            } else {
                Common.out(spec).printf("registered device %s (model %s); give it a one-time token with: palisade device token --id %s%n", id, model, id);
            }
            return 0;
        }
    }

    @Command(name = "token", description = "Print a one-time EST enrollment token for a registered device (single use, expiring).")
    static final class Token extends ClientCommand.WithJson {
        @Option(names = "--id", required = true) String id;
        @Option(names = "--ttl-minutes", defaultValue = "1440") int ttl;

        @Override
        public Integer call() {
            JsonNode r = dd.client().post("/api/v1/devices/" + Paths.segment(id) + "/enrollment-token", Map.of("ttlMinutes", ttl));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).println(r.path("token").asText());
                Common.out(spec).flush();
                spec.commandLine().getErr().printf("one-time token for %s, valid until %s%n", id, r.path("expiresAt").asText());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List devices.")
    static final class ListDevices extends ClientCommand.WithJson {
        @Option(names = "--model") String model;
        @Option(names = "--state") String state;

        @Override
        public Integer call() {
            StringBuilder q = new StringBuilder("/api/v1/devices");
            String sep = "?";
            if (model != null) {
                q.append(sep).append("model=").append(Paths.segment(model));
                sep = "&";
            }
            if (state != null) {
                q.append(sep).append("state=").append(Paths.segment(state));
            }
            JsonNode a = dd.client().get(q.toString());
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "id", "model", "state", "firmware", "owner", "updatedAt");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show a device and its certificates.")
    static final class Show extends ClientCommand.WithJson {
        @Option(names = "--id", required = true) String id;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/devices/" + Paths.segment(id));
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printFields(Common.out(spec), r.path("device"));
                Common.out(spec).println("certificates:");
                Common.printTable(Common.out(spec), r.path("certificates"), "serial", "status", "notBefore", "notAfter", "reason");
            }
            return 0;
        }
    }

    abstract static class Action extends ClientCommand.WithJson {
        @Option(names = "--id", required = true) String id;

        abstract String action();

        Object body() {
            return null;
        }

        @Override
        public Integer call() {
            JsonNode r = dd.client().post("/api/v1/devices/" + Paths.segment(id) + "/" + action(), body());
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("device %s: %s done, state now %s%n", id, action(), r.path("state").asText());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke the device's identity (CRL + OCSP); it must enroll again.")
    static final class Revoke extends Action {
        @Option(names = "--reason", description = "unspecified|key-compromise|affiliation-changed|superseded|cessation-of-operation") String reason;

        String action() {
            return "revoke";
        }

        Object body() {
            return reason == null ? null : Map.of("reason", reason);
        }
    }

    @Command(name = "quarantine", description = "Quarantine: only the update and attestation channels stay open.")
    static final class Quarantine extends Action {
        @Option(names = "--reason") String reason;

        String action() {
            return "quarantine";
        }

        Object body() {
            return reason == null ? null : Map.of("reason", reason);
        }
    }

    @Command(name = "release", description = "Release a device from quarantine.")
    static final class Release extends Action {
        String action() {
            return "release";
        }
    }

    @Command(name = "decommission", description = "Decommission: revoke the identity for good (terminal state).")
    static final class Decommission extends Action {
        String action() {
            return "decommission";
        }
    }

    @Command(name = "transfer", description = "Transfer ownership: revokes the current identity; the device must enroll again.")
    static final class Transfer extends Action {
        @Option(names = "--owner", required = true, description = "the new owner") String owner;

        String action() {
            return "transfer";
        }

        Object body() {
            return Map.of("owner", owner);
        }
    }
}
