package io.palisade.server.cli;

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
        subcommands = {ModelCommands.Create.class, ModelCommands.ListModels.class, ModelCommands.Show.class})
final class ModelCommands {
    @Command(name = "create", description = "Create a device model.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common.DataDir dd;
        @Mixin Common.JsonFlag json;
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
    static final class ListModels implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common.DataDir dd;
        @Mixin Common.JsonFlag json;

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
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common.DataDir dd;
        @Mixin Common.JsonFlag json;
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
}
