package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "model", description = "Device models: manufacturer, support period, MUD URL, risk profile.",
        subcommands = {ModelCommands.Create.class, ModelCommands.ListModels.class, ModelCommands.Show.class, ModelCommands.Schema.class})
final class ModelCommands {
    @Command(name = "create", description = "Create a device model.")
    static final class Create extends ClientCommand.WithJson {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--manufacturer", required = true) String manufacturer;
        @Option(names = "--support-until", required = true, description = "end of the declared support period, YYYY-MM") String supportUntil;
        @Option(names = "--mud-url", description = "https URL of the model's MUD file (RFC 8520); goes into every device certificate") String mudUrl;
        @Option(names = "--profile", defaultValue = "consumer", description = "consumer|enterprise|industrial|critical (default: ${DEFAULT-VALUE})") String profile;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("manufacturer", manufacturer);
            body.put("supportUntil", supportUntil);
            body.put("mudUrl", mudUrl);
            body.put("profile", profile);
            JsonNode m = dd.client().post("/api/v1/models", body);
            if (json.json) {
                Common.printJson(Common.out(spec), m);
            } else {
                Common.out(spec).printf("created model %s (%s, %s profile, supported until %s)%n", m.path("name").asText(),
                        m.path("manufacturer").asText(), m.path("profile").asText(), m.path("supportUntil").asText());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List device models.")
    static final class ListModels extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode a = dd.client().get("/api/v1/models");
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "name", "manufacturer", "profile", "supportUntil", "mudUrl");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one device model.")
    static final class Show extends ClientCommand.WithJson {
        @Option(names = "--name", required = true) String name;

        @Override
        public Integer call() {
            JsonNode m = dd.client().get("/api/v1/models/" + Paths.segment(name));
            if (json.json) {
                Common.printJson(Common.out(spec), m);
            } else {
                Common.printFields(Common.out(spec), m);
            }
            return 0;
        }
    }

    @Command(name = "schema", description = "Set (--file), show (--show) or remove (--clear) the JSON schema the model's telemetry must"
            + " satisfy; invalid telemetry is rejected by the broker and counted. Devices use it from their next connection.")
    static final class Schema extends ClientCommand {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--file", description = "JSON schema file (subset: type, properties, required, additionalProperties, items, enum,"
                + " const, minimum/maximum, lengths, pattern)") java.nio.file.Path file;
        @Option(names = "--show") boolean show;
        @Option(names = "--clear") boolean clear;

        @Override
        public Integer call() throws java.io.IOException {
            String path = "/api/v1/models/" + Paths.segment(name) + "/telemetry-schema";
            ApiClient api = dd.client();
            if (clear) {
                api.delete(path);
                Common.out(spec).printf("telemetry schema of %s removed%n", name);
            } else if (file != null) {
                if (java.nio.file.Files.size(file) > 64 * 1024) {
                    throw new ApiClient.CliError(1, file + " is larger than 64 KiB");
                }
                JsonNode r = api.put(path, java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
                Common.out(spec).printf("telemetry schema of %s set (sha256 %s); %s%n", name, r.path("schemaSha256").asText(), r.path("note").asText());
            } else if (show) {
                Common.printJson(Common.out(spec), api.get(path));
            } else {
                throw new ApiClient.CliError(2, "give --file FILE, --show or --clear");
            }
            Common.out(spec).flush();
            return 0;
        }
    }
}
