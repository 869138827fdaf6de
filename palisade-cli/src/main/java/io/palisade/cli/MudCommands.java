package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.mud.MudException;
import io.palisade.mud.MudParseResult;
import io.palisade.mud.MudParser;
import io.palisade.mud.net.IpAddress;
import io.palisade.mud.nft.NftablesExporter;
import io.palisade.mud.policy.DnsCache;
import io.palisade.mud.policy.MudCompiler;
import io.palisade.mud.policy.SiteFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade mud ...}: the MUD manager (RFC 8520) over the API, plus the offline tools. */
final class MudCommands {
    static final int MAX_FILE = 1 << 20;

    private MudCommands() {
    }

    @Command(name = "mud", description = "Manufacturer Usage Description (RFC 8520): import, show, flow verdicts, nftables export.",
            subcommands = {Import.class, Show.class, Nft.class, Flows.class, Bind.class, Site.class, Signer.class, DelegatingCommands.MudCheck.class})
    static final class Mud {
    }

    @Command(name = "import", description = "Import a MUD file (FILE or https URL) for the model whose certificates carry its MUD URL."
            + " Its detached CMS signature must verify against a trusted MUD signer ('palisade mud signer add'), unless"
            + " --allow-unsigned REASON is given (logged and audited; refused in production mode).")
    static final class Import extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "FILE|URL") String source;
        @Option(names = "--signature", description = "detached CMS signature (.p7s, DER)") Path signature;
        @Option(names = "--model", description = "the model (default: the one whose MUD URL the file declares)") String model;
        @Option(names = "--allow-unsigned", paramLabel = "REASON", description = "import without a trusted signature (recorded)") String override;

        @Override
        public Integer call() throws IOException {
            byte[] mud = read(source);
            byte[] sig = signature == null ? null : Files.readAllBytes(signature);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("mud", Base64.getEncoder().encodeToString(mud));
            body.put("signature", sig == null ? null : Base64.getEncoder().encodeToString(sig));
            body.put("source", source);
            body.put("model", model);
            body.put("override", override);
            JsonNode r = dd.client().post("/api/v1/mud/import", body);
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                JsonNode p = r.path("profile");
                Common.out(spec).printf("imported %s as version %d of model %s (%s, signature %s%s)%n", p.path("mudUrl").asText(),
                        p.path("version").asInt(), r.path("model").asText(), p.path("mode").asText(), p.path("signature").asText(),
                        p.path("signer").isTextual() ? " by " + p.path("signer").asText() : "");
                for (JsonNode n : p.path("normalizations")) {
                    Common.out(spec).println("  lenient: " + n.asText());
                }
                for (JsonNode w : p.path("warnings")) {
                    Common.out(spec).println("  warning: " + w.asText());
                }
                Common.out(spec).flush();
            }
            return 0;
        }

        static byte[] read(String source) throws IOException {
            if (source.startsWith("https://")) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
                try {
                    HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(30)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (resp.statusCode() != 200) {
                        throw new ApiClient.CliError(1, source + " answered HTTP " + resp.statusCode());
                    }
                    if (resp.body().length > MAX_FILE) {
                        throw new ApiClient.CliError(1, source + " is larger than " + MAX_FILE + " bytes");
                    }
                    return resp.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiClient.CliError(130, "interrupted");
                }
            }
            if (source.contains("://")) {
                throw new ApiClient.CliError(2, "MUD URLs must use https (RFC 8520 section 10)");
            }
            Path f = Path.of(source);
            if (Files.size(f) > MAX_FILE) {
                throw new ApiClient.CliError(1, source + " is larger than " + MAX_FILE + " bytes");
            }
            return Files.readAllBytes(f);
        }
    }

    @Command(name = "show", description = "The active MUD profile of a model, its source, signature status and version history.")
    static final class Show extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;

        @Override
        public Integer call() {
            JsonNode r = dd.client().get("/api/v1/models/" + Paths.segment(model) + "/mud");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("model %s  MUD URL %s%n", r.path("model").asText(), r.path("mudUrl").asText("-"));
                Common.printTable(Common.out(spec), r.path("history"), "version", "mode", "signature", "signer", "sha256", "importedAt", "importedBy");
            }
            return 0;
        }
    }

    @Command(name = "nft", description = "Export an nftables ruleset enforcing a MUD policy on a Linux gateway: offline from --mud FILE,"
            + " or for a registered --model from the server.")
    static final class Nft extends ClientCommand {
        @Option(names = "--mud", description = "MUD file (offline)") Path mud;
        @Option(names = "--model", description = "registered model (from the server)") String model;
        @Option(names = "--device-ip", required = true) String deviceIp;
        @Option(names = "--site", description = "site description JSON (offline)") Path site;
        @Option(names = "--lenient", description = "accept pre-RFC draft files (offline)") boolean lenient;
        @Option(names = "--out", description = "write to this file instead of stdout") Path out;

        @Override
        public Integer call() throws IOException {
            String text;
            if (model != null) {
                text = dd.client().getText("/api/v1/models/" + Paths.segment(model) + "/mud/nft?deviceIp=" + java.net.URLEncoder.encode(deviceIp, StandardCharsets.UTF_8));
            } else if (mud != null) {
                try {
                    MudParseResult parsed = (lenient ? MudParser.lenient() : MudParser.strict()).parse(Files.readAllBytes(mud));
                    SiteFile.Site s = site == null ? SiteFile.Site.empty() : SiteFile.parse(Files.readAllBytes(site));
                    DnsCache dns = DnsCache.systemClock();
                    s.fill(dns);
                    IpAddress ip = IpAddress.parse(deviceIp).orElseThrow(() -> new ApiClient.CliError(2, "--device-ip is not an IP address"));
                    text = NftablesExporter.export(MudCompiler.compile(parsed.profile(), ip, s.context(), dns), dns);
                } catch (MudException e) {
                    throw new ApiClient.CliError(1, e.getMessage());
                }
            } else {
                throw new ApiClient.CliError(2, "give --mud FILE (offline) or --model NAME (from the server)");
            }
            if (out != null) {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                Common.out(spec).printf("wrote %s (check it with: nft -c -f %s)%n", out, out);
            } else {
                Common.out(spec).print(text);
            }
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "flows", description = "Send gateway flow records (JSON Lines) to the server for verdicts; denied flows become"
            + " MUD violation alerts of their device.")
    static final class Flows extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "FLOWS.jsonl") Path flows;

        @Override
        public Integer call() {
            JsonNode r = dd.client().upload("/api/v1/gateway/flows", flows, "application/x-ndjson");
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printTable(Common.out(spec), r.path("verdicts"), "line", "device", "verdict", "acl", "ace", "error");
                Common.out(spec).printf("%d denied, %d errors%n", r.path("denied").asLong(), r.path("errors").asLong());
                Common.out(spec).flush();
            }
            return 0;
        }
    }

    @Command(name = "bind", description = "Record the IP address a device has on the gateway's network (flows are attributed by it).")
    static final class Bind extends ClientCommand {
        @Option(names = "--device", required = true) String device;
        @Option(names = "--ip", required = true) String ip;

        @Override
        public Integer call() {
            JsonNode r = dd.client().putJson("/api/v1/devices/" + Paths.segment(device) + "/address", Map.of("ip", ip));
            Common.out(spec).printf("device %s is at %s%n", r.path("device").asText(), r.path("ip").asText());
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "site", description = "Set the site description (local networks, controllers, static DNS) used to compile MUD policies.")
    static final class Site extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SITE.json") Path file;

        @Override
        public Integer call() throws IOException {
            dd.client().put("/api/v1/mud/site", Files.readString(file, StandardCharsets.UTF_8));
            Common.out(spec).println("site description stored");
            Common.out(spec).flush();
            return 0;
        }
    }

    @Command(name = "signer", description = "Trusted MUD file signers: add --cert FILE.pem | list.")
    static final class Signer extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "add|list") String action;
        @Option(names = "--cert", description = "signer (CA) certificate, PEM") Path cert;

        @Override
        public Integer call() throws IOException {
            if ("add".equals(action)) {
                if (cert == null) {
                    throw new ApiClient.CliError(2, "give --cert FILE.pem");
                }
                JsonNode r = dd.client().postText("/api/v1/mud/signers", Files.readString(cert, StandardCharsets.US_ASCII));
                Common.out(spec).printf("trusted MUD signer %s (%s)%n", r.path("subject").asText(), r.path("fingerprint").asText());
                Common.out(spec).flush();
            } else if ("list".equals(action)) {
                JsonNode a = dd.client().get("/api/v1/mud/signers");
                if (json.json) {
                    Common.printJson(Common.out(spec), a);
                } else {
                    Common.printTable(Common.out(spec), a, "fingerprint", "subject", "notAfter");
                }
            } else {
                throw new ApiClient.CliError(2, "use 'mud signer add --cert FILE' or 'mud signer list'");
            }
            return 0;
        }
    }
}
