package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Detection and response over the API: alerts, incidents, responses, security profiles, virtual patches. */
final class DetectCommands {
    private DetectCommands() {
    }

    /** A command that calls one endpoint and prints JSON (--json) or a table/fields. */
    abstract static class Call extends ClientCommand.WithJson {

        abstract JsonNode request(ApiClient api) throws IOException;

        void human(JsonNode r) {
            if (r.isArray()) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.printFields(Common.out(spec), r);
            }
        }

        @Override
        public Integer call() throws IOException {
            JsonNode r = request(dd.client());
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                human(r);
            }
            return 0;
        }
    }

    static String query(String path, String... kv) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                parts.add(kv[i] + "=" + java.net.URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
    }

    static Map<String, Object> note(String note) {
        return note == null ? Map.of() : Map.of("note", note);
    }

    // ---- alerts -------------------------------------------------------------------------------------------------

    @Command(name = "alerts", description = "Alerts: deduplicated, with severity, state and the samples that triggered them.",
            subcommands = {AlertList.class, AlertShow.class, AlertAck.class, AlertResolve.class})
    static final class Alerts {
    }

    @Command(name = "list", description = "List alerts, newest first.")
    static final class AlertList extends Call {
        @Option(names = "--state", description = "open|acknowledged|resolved") String state;
        @Option(names = "--severity", description = "minimum: low|medium|high|critical") String severity;
        @Option(names = "--type", description = "type prefix, e.g. mud.violation") String type;
        @Option(names = "--device") String device;

        JsonNode request(ApiClient api) {
            return api.get(query("/api/v1/alerts", "state", state, "severity", severity, "type", type, "device", device));
        }

        @Override
        void human(JsonNode r) {
            Common.printTable(Common.out(spec), r, "id", "severity", "state", "type", "subject", "count", "lastSeen", "title");
        }
    }

    @Command(name = "show", description = "One alert with its samples.")
    static final class AlertShow extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            return api.get("/api/v1/alerts/" + Paths.segment(id));
        }

        @Override
        void human(JsonNode r) {
            Common.printJson(Common.out(spec), r);
        }
    }

    @Command(name = "ack", description = "Acknowledge an alert.")
    static final class AlertAck extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--note") String note;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/alerts/" + Paths.segment(id) + "/ack", note(note));
        }
    }

    @Command(name = "resolve", description = "Resolve an alert (final; a new signal opens a new alert).")
    static final class AlertResolve extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--note") String note;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/alerts/" + Paths.segment(id) + "/resolve", note(note));
        }
    }

    // ---- incidents -----------------------------------------------------------------------------------------------

    @Command(name = "incidents", description = "Incidents: related alerts with a timeline of events and actions.",
            subcommands = {IncidentList.class, IncidentShow.class, IncidentExport.class})
    static final class Incidents {
    }

    @Command(name = "list", description = "List incidents.")
    static final class IncidentList extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/incidents");
        }

        @Override
        void human(JsonNode r) {
            Common.printTable(Common.out(spec), r, "id", "state", "subject", "model", "openedAt", "title");
        }
    }

    @Command(name = "show", description = "One incident with its timeline.")
    static final class IncidentShow extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            return api.get("/api/v1/incidents/" + Paths.segment(id));
        }

        @Override
        void human(JsonNode r) {
            Common.out(spec).printf("incident %s [%s] %s%n", r.path("id").asText(), r.path("state").asText(), r.path("title").asText());
            for (JsonNode e : r.path("timeline")) {
                Common.out(spec).printf("  %s  %-6s %s%n", e.path("at").asText(), e.path("kind").asText().toLowerCase(java.util.Locale.ROOT), e.path("text").asText());
            }
            Common.out(spec).flush();
        }
    }

    @Command(name = "export", description = "Export an incident as JSON (input for CRA Art. 14 reports).")
    static final class IncidentExport extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--out") Path out;

        @Override
        public Integer call() throws IOException {
            String text = dd.client().getText("/api/v1/incidents/" + Paths.segment(id) + "/export");
            if (out != null) {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                Common.out(spec).println("wrote " + out);
            } else {
                Common.out(spec).println(text);
            }
            Common.out(spec).flush();
            return 0;
        }
    }

    // ---- responses ---------------------------------------------------------------------------------------------

    @Command(name = "response", description = "Playbook responses: actions taken, approvals, undo.",
            subcommands = {Actions.class, Approvals.class, Approve.class, Reject.class, Undo.class, Playbooks.class})
    static final class Response {
    }

    @Command(name = "actions", description = "Actions the playbooks took, newest first.")
    static final class Actions extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/responses/actions");
        }

        @Override
        void human(JsonNode r) {
            Common.printTable(Common.out(spec), r, "id", "at", "type", "status", "subject", "alertType", "detail");
        }
    }

    @Command(name = "approvals", description = "Destructive actions waiting for an approval.")
    static final class Approvals extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/responses/approvals?pending=true");
        }

        @Override
        void human(JsonNode r) {
            Common.printTable(Common.out(spec), r, "id", "createdAt", "subject", "alertType", "actions", "reason");
        }
    }

    @Command(name = "approve", description = "Approve a pending action.")
    static final class Approve extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/responses/approvals/" + Paths.segment(id) + "/approve", null);
        }
    }

    @Command(name = "reject", description = "Reject a pending action.")
    static final class Reject extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--note") String note;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/responses/approvals/" + Paths.segment(id) + "/reject", note(note));
        }
    }

    @Command(name = "undo", description = "Undo an action where that makes sense (release from quarantine).")
    static final class Undo extends Call {
        @Parameters(index = "0", paramLabel = "ACTION-ID") String id;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/responses/actions/" + Paths.segment(id) + "/undo", null);
        }
    }

    @Command(name = "playbooks", description = "The playbook of each risk profile.")
    static final class Playbooks extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/playbooks");
        }

        @Override
        void human(JsonNode r) {
            Common.printJson(Common.out(spec), r);
        }
    }

    // ---- security profiles ---------------------------------------------------------------------------------

    @Command(name = "detect", description = "Behaviour detection: security profiles (static rules, learned baselines) and engine statistics.",
            subcommands = {ProfileSet.class, ProfileList.class, Stats.class})
    static final class Detect {
    }

    @Command(name = "profile", description = "Create or replace a security profile from a JSON file.")
    static final class ProfileSet extends Call {
        @Parameters(index = "0", paramLabel = "PROFILE.json") Path file;

        JsonNode request(ApiClient api) throws IOException {
            JsonNode p = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return api.put("/api/v1/security-profiles/" + Paths.segment(p.path("name").asText("-")), Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Command(name = "profiles", description = "List security profiles.")
    static final class ProfileList extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/security-profiles");
        }

        @Override
        void human(JsonNode r) {
            Common.printJson(Common.out(spec), r);
        }
    }

    @Command(name = "stats", description = "Samples accepted, rejected and dropped by the detection engine.")
    static final class Stats extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/detection/stats");
        }
    }

    // ---- virtual patches -----------------------------------------------------------------------------------

    @Command(name = "vpatch", description = "Virtual patches: mitigate a device vulnerability at the edge and the gateway, staged"
            + " (canary first), retired per device once it runs fixed firmware.",
            subcommands = {VpCreate.class, VpList.class, VpStatus.class, VpStage.class, VpRetire.class})
    static final class Vpatch {
    }

    @Command(name = "create", description = "Create a virtual patch from a JSON file (see docs/DETECTION.md for the format).")
    static final class VpCreate extends Call {
        @Parameters(index = "0", paramLabel = "PATCH.json") Path file;

        JsonNode request(ApiClient api) throws IOException {
            return api.upload("/api/v1/vpatches", file, "application/json");
        }
    }

    @Command(name = "list", description = "List virtual patches and their stages.")
    static final class VpList extends Call {
        JsonNode request(ApiClient api) {
            return api.get("/api/v1/vpatches");
        }

        @Override
        void human(JsonNode r) {
            Common.printTable(Common.out(spec), r, "id", "advisory", "stage", "vulnerableDevices", "retiredDevices", "holdReason");
        }
    }

    @Command(name = "status", description = "One virtual patch: stage, devices covered and retired, rules.")
    static final class VpStatus extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            return api.get("/api/v1/vpatches/" + Paths.segment(id));
        }

        @Override
        void human(JsonNode r) {
            Common.printJson(Common.out(spec), r);
        }
    }

    @Command(name = "stage", description = "Move a virtual patch: promote (canary → all devices), hold, resume.")
    static final class VpStage extends Call {
        @Parameters(index = "0", paramLabel = "promote|hold|resume") String verb;
        @Parameters(index = "1", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            if (!List.of("promote", "hold", "resume").contains(verb)) {
                throw new ApiClient.CliError(2, "use promote, hold or resume");
            }
            return api.post("/api/v1/vpatches/" + Paths.segment(id) + "/" + verb, null);
        }
    }

    @Command(name = "retire", description = "Retire a virtual patch for every device.")
    static final class VpRetire extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/vpatches/" + Paths.segment(id) + "/retire", null);
        }
    }

    // ---- device commands -------------------------------------------------------------------------------------

    @Command(name = "command", description = "Send a command to a device (cmd/<kind>); virtual patches may block it.")
    static final class SendCommand extends Call {
        @Option(names = "--id", required = true) String id;
        @Option(names = "--kind", required = true, description = "e.g. reboot or debug/exec") String kind;
        @Option(names = "--payload", defaultValue = "{}", description = "JSON object (default: ${DEFAULT-VALUE})") String payload;

        JsonNode request(ApiClient api) {
            return api.postRaw("/api/v1/devices/" + Paths.segment(id) + "/commands/" + kind, payload);
        }
    }

    @Command(name = "erase", description = "Erase every stored message of a device (telemetry, events, metrics, update reports); audited.")
    static final class Erase extends Call {
        @Option(names = "--id", required = true) String id;

        JsonNode request(ApiClient api) {
            return api.post("/api/v1/devices/" + Paths.segment(id) + "/erase-data", null);
        }
    }
}
