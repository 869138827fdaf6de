package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parser and checker for an RFC 9116 security.txt. {@link #check(String, Instant)} lists problems as findings;
 * severity ERROR fails the conformity check (missing or expired file, missing Contact/Expires, bad values),
 * WARNING does not (Expires more than a year ahead, unknown fields).
 */
public final class SecurityTxt {
    public static final int MAX_BYTES = 32 * 1024;

    public enum Severity {
        ERROR, WARNING
    }

    public record Problem(Severity severity, String field, String message) {
    }

    public record Result(Map<String, List<String>> fields, List<Problem> problems) {
        public Result {
            fields = Map.copyOf(fields);
            problems = List.copyOf(problems);
        }

        @com.fasterxml.jackson.annotation.JsonProperty("passes")
        public boolean passes() {
            return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
        }
    }

    private SecurityTxt() {
    }

    /** Checks the file content; {@code null} content means the file is missing. */
    public static Result check(String content, Instant now) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (content == null) {
            problems.add(new Problem(Severity.ERROR, "", "security.txt is missing"));
            return new Result(fields, problems);
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw PalisadeException.invalid("security.txt larger than " + MAX_BYTES + " bytes");
        }
        for (String raw : content.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("-----") || line.startsWith("Hash:")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add(new Problem(Severity.ERROR, "", "malformed line: " + SafeText.plain(line)));
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        List<String> contacts = fields.getOrDefault("contact", List.of());
        if (contacts.isEmpty()) {
            problems.add(new Problem(Severity.ERROR, "Contact", "Contact is required"));
        }
        for (String c : contacts) {
            String l = c.toLowerCase(Locale.ROOT);
            if (!(l.startsWith("https://") || l.startsWith("mailto:") || l.startsWith("tel:"))) {
                problems.add(new Problem(Severity.ERROR, "Contact", "Contact must be an https:, mailto: or tel: URI"));
            }
        }
        List<String> expires = fields.getOrDefault("expires", List.of());
        if (expires.size() != 1) {
            problems.add(new Problem(Severity.ERROR, "Expires", expires.isEmpty() ? "Expires is required" : "Expires must appear once"));
        } else {
            try {
                Instant e = OffsetDateTime.parse(expires.get(0)).toInstant();
                if (!e.isAfter(now)) {
                    problems.add(new Problem(Severity.ERROR, "Expires", "security.txt expired at " + e));
                } else if (Duration.between(now, e).compareTo(Duration.ofDays(366)) > 0) {
                    problems.add(new Problem(Severity.WARNING, "Expires", "Expires is more than a year ahead (RFC 9116 recommends less)"));
                }
            } catch (DateTimeParseException ex) {
                problems.add(new Problem(Severity.ERROR, "Expires", "Expires is not an RFC 3339 date-time"));
            }
        }
        for (String k : List.of("preferred-languages")) {
            if (fields.getOrDefault(k, List.of()).size() > 1) {
                problems.add(new Problem(Severity.ERROR, "Preferred-Languages", "Preferred-Languages must appear at most once"));
            }
        }
        for (String k : List.of("policy", "canonical", "encryption", "acknowledgments", "hiring")) {
            for (String v : fields.getOrDefault(k, List.of())) {
                if (!v.toLowerCase(Locale.ROOT).startsWith("https://") && !(k.equals("encryption")
                        && (v.startsWith("dns:") || v.startsWith("openpgp4fpr:")))) {
                    problems.add(new Problem(Severity.ERROR, k, k + " must be an https URI"));
                }
            }
        }
        if (!fields.containsKey("policy")) {
            problems.add(new Problem(Severity.WARNING, "Policy", "no Policy link to the disclosure policy"));
        }
        return new Result(fields, problems);
    }
}
