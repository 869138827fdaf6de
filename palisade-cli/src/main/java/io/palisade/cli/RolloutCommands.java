package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade rollout ...} and {@code palisade group ...}: staged firmware rollouts over the API. */
final class RolloutCommands {
    private RolloutCommands() {
    }

    @Command(name = "rollout", description = "Staged, guarded firmware rollouts: waves, automatic pause on failures.",
            subcommands = {Start.class, Status.class, ListRollouts.class, Pause.class, Resume.class, Abort.class})
    static final class Rollout {
    }

    @Command(name = "start", description = "Start a rollout of a published firmware version to the devices of a model.")
    static final class Start extends ClientCommand.WithJson {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--to", required = true, description = "firmware version (published with 'palisade firmware publish')") String version;
        @Option(names = "--group", description = "only the devices of this group ('palisade group set')") String group;
        @Option(names = "--waves", defaultValue = "1%,10%,50%,100%", description = "cumulative wave sizes (default: ${DEFAULT-VALUE})") String waves;
        @Option(names = "--max-failure", defaultValue = "5%", description = "failure rate of a wave that pauses the rollout (default: ${DEFAULT-VALUE})") String maxFailure;
        @Option(names = "--pause-between", defaultValue = "0s", description = "wait between waves, e.g. 10m (default: ${DEFAULT-VALUE})") String pause;
        @Option(names = "--wave-timeout", defaultValue = "30m", description = "how long a wave waits for silent devices (default: ${DEFAULT-VALUE})") String waveTimeout;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model);
            body.put("version", version);
            body.put("group", group);
            body.put("waves", waves);
            body.put("maxFailure", maxFailure);
            body.put("pauseBetween", pause);
            body.put("waveTimeout", waveTimeout);
            JsonNode s = dd.client().post("/api/v1/rollouts", body);
            if (json.json) {
                Common.printJson(Common.out(spec), s);
            } else {
                Common.out(spec).printf("rollout %s started: %s %s to %d devices in waves %s (pauses above %s failures)%n",
                        s.path("rollout").path("id").asText(), model, version, s.path("devices").asInt(), waves, maxFailure);
                printStatus(Common.out(spec), s);
            }
            return 0;
        }
    }

    static void printStatus(PrintWriter out, JsonNode s) {
        JsonNode r = s.path("rollout");
        out.printf("rollout %s  %s -> %s  state %s  wave %d/%d%s%n", r.path("id").asText(), r.path("model").asText(),
                r.path("version").asText(), r.path("state").asText(), r.path("wave").asInt(), r.path("waves").asInt(),
                r.path("reason").isTextual() ? "  (" + r.path("reason").asText() + ")" : "");
        out.printf("devices %d  succeeded %d  failed %d%n", s.path("devices").asInt(), s.path("succeeded").asInt(), s.path("failed").asInt());
        Common.printTable(out, s.path("waves"), "wave", "percent", "devices", "pending", "inProgress", "succeeded", "failed");
        for (JsonNode w : s.path("waves")) {
            w.path("reasons").fields().forEachRemaining(e -> out.printf("  wave %d: %d x %s%n", w.path("wave").asInt(), e.getValue().asInt(), e.getKey()));
        }
        out.flush();
    }

    @Command(name = "status", description = "Per-wave counts of a rollout and the reasons devices gave.")
    static final class Status extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "ID", arity = "0..1", description = "rollout id (default: the newest)") String id;
        @Option(names = "--devices", description = "also list every device's step") boolean devices;

        @Override
        public Integer call() {
            ApiClient api = dd.client();
            String rid = id;
            if (rid == null) {
                JsonNode all = api.get("/api/v1/rollouts");
                if (all.isEmpty()) {
                    throw new ApiClient.CliError(1, "no rollouts yet: start one with 'palisade rollout start'");
                }
                rid = all.get(0).path("id").asText();
            }
            JsonNode s = api.get("/api/v1/rollouts/" + Paths.segment(rid));
            JsonNode d = devices ? api.get("/api/v1/rollouts/" + Paths.segment(rid) + "/devices") : null;
            if (json.json) {
                if (d != null) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) s).set("deviceSteps", d);
                }
                Common.printJson(Common.out(spec), s);
            } else {
                printStatus(Common.out(spec), s);
                if (d != null) {
                    Common.printTable(Common.out(spec), d, "device", "wave", "step", "from", "reason");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List rollouts, newest first.")
    static final class ListRollouts extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode a = dd.client().get("/api/v1/rollouts");
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "id", "model", "version", "state", "wave", "waves", "reason");
            }
            return 0;
        }
    }

    abstract static class Action extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "ID") String id;

        abstract String verb();

        @Override
        public Integer call() {
            JsonNode r = dd.client().post("/api/v1/rollouts/" + Paths.segment(id) + "/" + verb(), null);
            if (json.json) {
                Common.printJson(Common.out(spec), r);
            } else {
                Common.out(spec).printf("rollout %s is %s%n", r.path("id").asText(), r.path("state").asText());
            }
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a running rollout (devices already told finish their update).")
    static final class Pause extends Action {
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused rollout; the failures seen so far in the current wave are accepted.")
    static final class Resume extends Action {
        String verb() {
            return "resume";
        }
    }

    @Command(name = "abort", description = "Abort a rollout: no further device is told; devices keep their running image.")
    static final class Abort extends Action {
        String verb() {
            return "abort";
        }
    }

    @Command(name = "group", description = "Named device groups (rollout targets).", subcommands = {GroupSet.class, GroupList.class})
    static final class Group {
    }

    @Command(name = "set", description = "Create or replace a group.")
    static final class GroupSet extends ClientCommand.WithJson {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", paramLabel = "DEVICE", arity = "1..*") List<String> devices;

        @Override
        public Integer call() {
            JsonNode g = dd.client().putJson("/api/v1/groups/" + Paths.segment(name), Map.of("devices", devices));
            if (json.json) {
                Common.printJson(Common.out(spec), g);
            } else {
                Common.out(spec).printf("group %s: %d devices%n", name, g.path("devices").size());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List groups.")
    static final class GroupList extends ClientCommand.WithJson {

        @Override
        public Integer call() {
            JsonNode a = dd.client().get("/api/v1/groups");
            if (json.json) {
                Common.printJson(Common.out(spec), a);
            } else {
                Common.printTable(Common.out(spec), a, "name", "devices");
            }
            return 0;
        }
    }
}
