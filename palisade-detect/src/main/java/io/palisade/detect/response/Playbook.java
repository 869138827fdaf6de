package io.palisade.detect.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.json.JsonFieldException;
import io.palisade.json.JsonFields;
import io.palisade.core.device.RiskProfile;
import io.palisade.detect.alert.Severity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The response playbook of one risk profile: ordered entries; every matching entry fires. JSON form:
 * <pre>{"profile":"critical","entries":[
 *   {"match":"mud.violation","minSeverity":"medium","count":3,"within":"10m",
 *    "actions":["quarantine","notify_webhook"],"requiresApproval":false}]}</pre>
 */
public record Playbook(RiskProfile profile, List<PlaybookEntry> entries) {
    public static final int MAX_JSON_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Playbook {
        Objects.requireNonNull(profile, "profile");
        entries = List.copyOf(entries);
        if (entries.size() > 200) {
            throw PalisadeException.invalid("a playbook has at most 200 entries");
        }
    }

    public static Playbook fromJson(byte[] json) {
        if (json == null || json.length > MAX_JSON_BYTES) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "playbook must be at most " + MAX_JSON_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw PalisadeException.invalid("playbook is not valid JSON");
        }
        if (root == null || !root.isObject() || !root.path("entries").isArray()) {
            throw PalisadeException.invalid("playbook must be an object with 'profile' and an 'entries' array");
        }
        only(root, Set.of("profile", "entries"), "playbook");
        RiskProfile profile = RiskProfile.parse(root.path("profile").asText(null));
        List<PlaybookEntry> entries = new ArrayList<>();
        for (JsonNode e : root.get("entries")) {
            if (!e.isObject()) {
                throw PalisadeException.invalid("playbook entries must be objects");
            }
            only(e, Set.of("match", "minSeverity", "count", "within", "actions", "requiresApproval"), "playbook entry");
            List<PlaybookEntry.Action> actions = new ArrayList<>();
            JsonNode a = e.path("actions");
            if (!a.isArray() || a.size() > 20) {
                throw PalisadeException.invalid("playbook entry 'actions' must be an array of at most 20 strings");
            }
            for (JsonNode x : a) {
                actions.add(PlaybookEntry.Action.parse(x.isTextual() ? x.asText() : null));
            }
            Duration within = e.has("within") ? duration(e.get("within").asText("")) : Duration.ZERO;
            entries.add(new PlaybookEntry(e.path("match").asText(null),
                    e.has("minSeverity") ? Severity.parse(e.get("minSeverity").asText()) : Severity.LOW,
                    e.path("count").asInt(1), within, actions, e.path("requiresApproval").asBoolean(false)));
        }
        return new Playbook(profile, entries);
    }

    private static Duration duration(String s) {
        if (!s.matches("[0-9]{1,6}[smhd]")) {
            throw PalisadeException.invalid("playbook 'within' must look like 30s, 10m, 1h or 2d");
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void only(JsonNode n, Set<String> allowed, String what) {
        try {
            JsonFields.onlyFields(n, what, allowed);
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    private static PlaybookEntry e(String match, Severity min, int count, Duration within, boolean approval, String... actions) {
        return new PlaybookEntry(match, min, count, within,
                java.util.Arrays.stream(actions).map(PlaybookEntry.Action::parse).toList(), approval);
    }

    /**
     * Built-in defaults. Consumer: notify; quarantine after 3 MUD violations in 10 minutes (a device outside its
     * manufacturer's declared profile is likely compromised) and on an actively exploited vulnerability. Enterprise: notify; quarantine on scans and beaconing with
     * approval. Industrial: quarantine on scans, beaconing and repeated MUD violations; revoke needs approval.
     * Critical: quarantine at once on scans/beaconing/exploited vulnerabilities, after 3 MUD violations in 10
     * minutes, and on floods; identity revocation on auth-failure bursts with approval.
     */
    public static Map<RiskProfile, Playbook> defaults() {
        Duration tenMin = Duration.ofMinutes(10);
        Map<RiskProfile, Playbook> m = new EnumMap<>(RiskProfile.class);
        m.put(RiskProfile.CONSUMER, new Playbook(RiskProfile.CONSUMER, List.of(
                e("*", Severity.MEDIUM, 1, null, false, "notify_webhook", "notify_syslog"),
                e("mud.violation", Severity.MEDIUM, 3, tenMin, false, "quarantine"),
                e("vuln.exploited", Severity.HIGH, 1, null, false, "quarantine"))));
        m.put(RiskProfile.ENTERPRISE, new Playbook(RiskProfile.ENTERPRISE, List.of(
                e("*", Severity.MEDIUM, 1, null, false, "notify_webhook", "notify_syslog"),
                e("behaviour.scan", Severity.HIGH, 1, null, true, "quarantine"),
                e("behaviour.new-destination", Severity.HIGH, 1, null, true, "quarantine"))));
        m.put(RiskProfile.INDUSTRIAL, new Playbook(RiskProfile.INDUSTRIAL, List.of(
                e("*", Severity.LOW, 1, null, false, "notify_webhook", "notify_syslog"),
                e("behaviour.scan", Severity.HIGH, 1, null, false, "quarantine"),
                e("behaviour.new-destination", Severity.HIGH, 1, null, false, "quarantine"),
                e("mud.violation", Severity.MEDIUM, 3, tenMin, false, "quarantine"),
                e("behaviour.auth-failures", Severity.HIGH, 1, null, true, "revoke"))));
        m.put(RiskProfile.CRITICAL, new Playbook(RiskProfile.CRITICAL, List.of(
                e("*", Severity.LOW, 1, null, false, "notify_webhook", "notify_syslog"),
                e("behaviour.scan", Severity.MEDIUM, 1, null, false, "quarantine"),
                e("behaviour.new-destination", Severity.MEDIUM, 1, null, false, "quarantine"),
                e("vuln.exploited", Severity.MEDIUM, 1, null, false, "quarantine"),
                e("mud.violation", Severity.MEDIUM, 3, tenMin, false, "quarantine"),
                e("behaviour.flood", Severity.MEDIUM, 1, null, false, "quarantine"),
                e("behaviour.auth-failures", Severity.HIGH, 1, null, true, "revoke"))));
        return m;
    }
}
