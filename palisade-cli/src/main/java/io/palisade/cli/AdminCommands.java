package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** manufacturer, ca, audit and telemetry commands. */
final class AdminCommands {
    private AdminCommands() {
    }

    @Command(name = "manufacturer", description = "Manufacturer trust anchors (CAs of IDevID certificates).",
            subcommands = {Manufacturer.Trust.class, Manufacturer.ListAnchors.class})
    static final class Manufacturer {
        @Command(name = "trust", description = "Manage trusted manufacturer CAs.", subcommands = {Manufacturer.Add.class, Manufacturer.Revoke.class})
        static final class Trust {
        }

        @Command(name = "revoke", description = "Stop trusting a manufacturer CA: its IDevIDs can no longer enroll; devices enrolled"
                + " through it are listed by 'palisade audit run'.")
        static final class Revoke extends ClientCommand.WithJson {
            @Option(names = "--fingerprint", required = true, description = "SHA-256 of the CA certificate (see 'manufacturer list')") String fingerprint;

            @Override
            public Integer call() {
                JsonNode r = dd.client().post("/api/v1/manufacturers/" + Paths.segment(fingerprint) + "/revoke", null);
                if (json.json) {
                    Common.printJson(Common.out(spec), r);
                } else {
                    Common.out(spec).printf("manufacturer CA %s (%s) revoked%n", r.path("name").asText(), fingerprint);
                }
                Common.out(spec).flush();
                return 0;
            }
        }

        @Command(name = "add", description = "Trust a manufacturer CA: its IDevID-certified devices may enroll over EST without a token.")
        static final class Add extends ClientCommand.WithJson {
            @Option(names = "--name", required = true) String name;
            @Option(names = "--ca", required = true, description = "PEM file of the manufacturer CA certificate") Path ca;

            @Override
            public Integer call() throws IOException {
                if (Files.size(ca) > 64 * 1024) {
                    throw new ApiClient.CliError(1, ca + " is too large to be a CA certificate");
                }
                JsonNode r = dd.client().post("/api/v1/manufacturers", Map.of("name", name, "ca", Files.readString(ca, StandardCharsets.US_ASCII)));
                if (json.json) {
                    Common.printJson(Common.out(spec), r);
                } else {
                    Common.out(spec).printf("trusted manufacturer %s (CA SHA-256 %s)%n", name, r.path("fingerprint").asText());
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List trusted manufacturer CAs.")
        static final class ListAnchors extends ClientCommand.WithJson {

            @Override
            public Integer call() {
                JsonNode a = dd.client().get("/api/v1/manufacturers");
                if (json.json) {
                    Common.printJson(Common.out(spec), a);
                } else {
                    Common.printTable(Common.out(spec), a, "name", "fingerprint", "addedAt");
                }
                return 0;
            }
        }
    }

    @Command(name = "ca", description = "The platform CA.", subcommands = {Ca.Export.class})
    static final class Ca {
        @Command(name = "export", description = "Print the platform root CA certificate (PEM), or write root and issuing CA to --out.")
        static final class Export extends ClientCommand.WithJson {
            @Option(names = "--out", description = "directory to write ca.crt (root) and issuing-ca.crt") Path out;

            @Override
            public Integer call() throws IOException {
                JsonNode r = dd.client().get("/api/v1/ca");
                if (out != null) {
                    Files.createDirectories(out);
                    Files.writeString(out.resolve("ca.crt"), r.path("root").asText(), StandardCharsets.US_ASCII);
                    Files.writeString(out.resolve("issuing-ca.crt"), r.path("issuing").asText(), StandardCharsets.US_ASCII);
                    Common.out(spec).printf("wrote %s and %s%n", out.resolve("ca.crt"), out.resolve("issuing-ca.crt"));
                } else if (json.json) {
                    Common.printJson(Common.out(spec), r);
                } else {
                    Common.out(spec).print(r.path("root").asText());
                }
                Common.out(spec).flush();
                return 0;
            }
        }
    }

    @Command(name = "audit", description = "The hash-chained audit log.", subcommands = {Audit.Verify.class, Audit.ListEntries.class, EvidenceCommands.AuditRun.class})
    static final class Audit {
        @Command(name = "verify", description = "Recompute the hash chain; exit 1 if any entry was altered, removed or reordered.")
        static final class Verify extends ClientCommand.WithJson {

            @Override
            public Integer call() {
                JsonNode r;
                try {
                    r = dd.client().get("/api/v1/audit/verify");
                } catch (ApiClient.CliError e) {
                    if (e.exitCode == 1) {
                        spec.commandLine().getErr().println("audit chain BROKEN: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                }
                if (json.json) {
                    Common.printJson(Common.out(spec), r);
                } else {
                    Common.out(spec).println(r.path("message").asText());
                }
                return r.path("intact").asBoolean() ? 0 : 1;
            }
        }

        @Command(name = "list", description = "List audit entries.")
        static final class ListEntries extends ClientCommand.WithJson {
            @Option(names = "--after", defaultValue = "0") long after;
            @Option(names = "--limit", defaultValue = "100") int limit;

            @Override
            public Integer call() {
                JsonNode a = dd.client().get("/api/v1/audit?after=" + after + "&limit=" + limit);
                if (json.json) {
                    Common.printJson(Common.out(spec), a);
                } else {
                    Common.printTable(Common.out(spec), a, "seq", "at", "actor", "action", "subject", "detail");
                }
                return 0;
            }
        }
    }

    @Command(name = "telemetry", description = "Show telemetry stored for a device.")
    static final class Telemetry extends ClientCommand.WithJson {
        private static final Pattern SINCE = Pattern.compile("(\\d{1,6})([smhd])");
        @Option(names = "--id", required = true) String id;
        @Option(names = "--since", defaultValue = "10m", description = "how far back, e.g. 30s, 10m, 2h, 1d (default: ${DEFAULT-VALUE})") String since;
        @Option(names = "--limit", defaultValue = "100") int limit;

        @Override
        public Integer call() {
            Matcher m = SINCE.matcher(since);
            if (!m.matches()) {
                throw new ApiClient.CliError(2, "--since must look like 30s, 10m, 2h or 1d");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            JsonNode a = dd.client().get("/api/v1/devices/" + Paths.segment(id) + "/telemetry?from=" + Instant.now().minus(d) + "&limit=" + limit);
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "receivedAt", "channel", "payload");
            }
            return 0;
        }
    }
}
