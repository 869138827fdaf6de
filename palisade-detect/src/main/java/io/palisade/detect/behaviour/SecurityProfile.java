package io.palisade.detect.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.json.JsonFieldException;
import io.palisade.json.JsonFields;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A security profile attached to device models and/or device groups: static rules plus an optional learned
 * baseline. JSON form:
 * <pre>{"name":"cameras","models":["cam-x1"],"groups":["lobby"],
 *  "rules":["messages_in &gt; 100 for 60s","auth_failures &gt;= 5 severity high"],
 *  "baseline":{"enabled":true,"metrics":["messages_in","bytes_out"],"trainingWindow":"6h","minSamples":200,
 *              "k":6,"absoluteFloor":1,"relativeFloor":0.25,"consecutive":3}}</pre>
 */
public record SecurityProfile(String name, Set<String> models, Set<String> groups, List<Rule> rules,
        BaselineSettings baseline) {
    public static final int MAX_JSON_BYTES = 64 * 1024;
    public static final int MAX_RULES = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SecurityProfile {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PalisadeException.invalid("profile name must be 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        models = models == null ? Set.of() : Set.copyOf(models);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        rules = rules == null ? List.of() : List.copyOf(rules);
        baseline = baseline == null ? BaselineSettings.disabled() : baseline;
        if (models.isEmpty() && groups.isEmpty()) {
            throw PalisadeException.invalid("profile '" + name + "' must be attached to at least one model or group");
        }
        for (String s : models) {
            if (!NAME.matcher(s).matches()) {
                throw PalisadeException.invalid("profile '" + name + "': invalid model name");
            }
        }
        for (String s : groups) {
            if (!NAME.matcher(s).matches()) {
                throw PalisadeException.invalid("profile '" + name + "': invalid group name");
            }
        }
        if (rules.size() > MAX_RULES) {
            throw PalisadeException.invalid("profile '" + name + "' has more than " + MAX_RULES + " rules");
        }
    }

    /** Parses the JSON form (at most 64 KiB). */
    public static SecurityProfile fromJson(byte[] json) {
        Objects.requireNonNull(json, "json");
        if (json.length > MAX_JSON_BYTES) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "security profile exceeds " + MAX_JSON_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw PalisadeException.invalid("security profile is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw PalisadeException.invalid("security profile must be a JSON object");
        }
        allowOnly(root, "profile", Set.of("name", "models", "groups", "rules", "baseline"));
        String name = root.path("name").asText(null);
        Set<String> models = strings(root, "profile", "models");
        Set<String> groups = strings(root, "profile", "groups");
        List<Rule> rules = new ArrayList<>();
        for (String r : strings(root, "profile", "rules")) {
            rules.add(Rule.parse(r));
        }
        BaselineSettings b = BaselineSettings.disabled();
        JsonNode bn = root.get("baseline");
        if (bn != null && !bn.isNull()) {
            if (!bn.isObject()) {
                throw PalisadeException.invalid("profile 'baseline' must be an object");
            }
            allowOnly(bn, "baseline", Set.of("enabled", "metrics", "trainingWindow", "minSamples", "k",
                    "absoluteFloor", "relativeFloor", "consecutive"));
            BaselineSettings d = BaselineSettings.defaults(Set.of());
            Set<Metric> metrics = EnumSet.noneOf(Metric.class);
            for (String m : strings(bn, "baseline", "metrics")) {
                metrics.add(Metric.parse(m));
            }
            Duration window = d.trainingWindow();
            if (bn.has("trainingWindow")) {
                window = Rule.parseDuration(bn.get("trainingWindow").asText(""), new Rule.Lexer(bn.get("trainingWindow").asText("")));
            }
            b = new BaselineSettings(bn.path("enabled").asBoolean(true), metrics, window,
                    bn.path("minSamples").asInt(d.minSamples()), bn.path("k").asDouble(d.k()),
                    bn.path("absoluteFloor").asDouble(d.absoluteFloor()),
                    bn.path("relativeFloor").asDouble(d.relativeFloor()),
                    bn.path("consecutive").asInt(d.consecutive()));
        }
        return new SecurityProfile(name, models, groups, rules, b);
    }

    private static void allowOnly(JsonNode n, String what, Set<String> allowed) {
        try {
            JsonFields.onlyFields(n, what, allowed);
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    private static Set<String> strings(JsonNode object, String what, String field) {
        try {
            return new LinkedHashSet<>(JsonFields.textList(object, what, field, 1000));
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }
}
