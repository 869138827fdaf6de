package io.palisade.vuln.disclosure;

import io.palisade.core.PalisadeException;
import java.net.URI;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Our coordinated vulnerability disclosure policy (ETSI EN 303 645 5.2-1, CRA Annex I Part II, PSTI): contacts,
 * where the policy lives, languages, canonical security.txt URL, expiry, the acknowledgement and status-update
 * timelines we commit to, and the support period (end month) of every model (EN 303 645 5.3-13, CRA Art. 13).
 * Renders RFC 9116 security.txt and a human-readable policy.
 */
public record DisclosurePolicy(List<URI> contacts, URI policy, List<String> preferredLanguages, List<URI> canonical,
        Instant expires, URI encryption, URI acknowledgments, URI hiring, int acknowledgeWithinDays,
        int statusUpdateEveryDays, Map<String, YearMonth> supportPeriods) {

    public DisclosurePolicy {
        contacts = List.copyOf(contacts);
        if (contacts.isEmpty()) {
            throw PalisadeException.invalid("security.txt: at least one Contact is required (RFC 9116 section 2.5.3)");
        }
        contacts.forEach(c -> checkUri(c, "Contact", true));
        Objects.requireNonNull(expires, "expires (RFC 9116 section 2.5.5 requires Expires)");
        checkUri(policy, "Policy", false);
        checkUri(encryption, "Encryption", false);
        checkUri(acknowledgments, "Acknowledgments", false);
        checkUri(hiring, "Hiring", false);
        canonical = canonical == null ? List.of() : List.copyOf(canonical);
        canonical.forEach(c -> checkUri(c, "Canonical", false));
        preferredLanguages = preferredLanguages == null ? List.of() : List.copyOf(preferredLanguages);
        for (String l : preferredLanguages) {
            if (!l.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) {
                throw PalisadeException.invalid("Preferred-Languages: invalid language tag");
            }
        }
        if (acknowledgeWithinDays < 1 || acknowledgeWithinDays > 90 || statusUpdateEveryDays < 1 || statusUpdateEveryDays > 180) {
            throw PalisadeException.invalid("acknowledgement (1-90 days) and status update (1-180 days) timelines are required");
        }
        supportPeriods = Map.copyOf(supportPeriods == null ? Map.of() : supportPeriods);
        supportPeriods.keySet().forEach(m -> {
            if (m.isBlank() || m.length() > 128 || m.chars().anyMatch(Character::isISOControl)) {
                throw PalisadeException.invalid("support period: invalid model name");
            }
        });
    }

    /** Rejects any field value that could break the line structure (CR/LF/control characters) or is not a URI we accept. */
    private static void checkUri(URI u, String field, boolean contact) {
        if (u == null) {
            return;
        }
        String s = u.toString();
        if (s.chars().anyMatch(Character::isISOControl) || s.length() > 2048) {
            throw PalisadeException.invalid(field + ": value must be a single line of at most 2048 characters");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean ok = contact ? scheme.equals("https") || scheme.equals("mailto") || scheme.equals("tel") : scheme.equals("https");
        if (!ok) {
            throw PalisadeException.invalid(field + ": " + (contact ? "use https:, mailto: or tel:" : "use an https URI (RFC 9116)"));
        }
    }

    /** The security.txt body (RFC 9116), LF line endings, fields in a stable order. */
    public String securityTxt() {
        StringBuilder b = new StringBuilder();
        b.append("# Coordinated vulnerability disclosure: we acknowledge reports within ").append(acknowledgeWithinDays)
                .append(" days and send status updates at least every ").append(statusUpdateEveryDays).append(" days.\n");
        contacts.forEach(c -> line(b, "Contact", c.toString()));
        line(b, "Expires", expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (encryption != null) {
            line(b, "Encryption", encryption.toString());
        }
        if (acknowledgments != null) {
            line(b, "Acknowledgments", acknowledgments.toString());
        }
        if (!preferredLanguages.isEmpty()) {
            line(b, "Preferred-Languages", String.join(", ", preferredLanguages));
        }
        canonical.forEach(c -> line(b, "Canonical", c.toString()));
        if (policy != null) {
            line(b, "Policy", policy.toString());
        }
        if (hiring != null) {
            line(b, "Hiring", hiring.toString());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String field, String value) {
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || Character.isISOControl(c))) {
            throw PalisadeException.invalid(field + ": value must not contain line breaks");
        }
        b.append(field).append(": ").append(value).append('\n');
    }

    /** The conformity check of our own published security.txt at {@code now} (expired → fails). */
    public SecurityTxt.Result check(Instant now) {
        return SecurityTxt.check(securityTxt(), now);
    }

    /** Plain-text policy, including the support period table, for publication next to security.txt. */
    public String policyText() {
        StringBuilder b = new StringBuilder();
        b.append("Vulnerability disclosure policy\n\n");
        b.append("Report security vulnerabilities to: ");
        b.append(String.join(", ", contacts.stream().map(URI::toString).toList())).append('\n');
        b.append("No account and no personal data are required to report. We acknowledge every report within ")
                .append(acknowledgeWithinDays).append(" days, keep the reporter informed at least every ")
                .append(statusUpdateEveryDays).append(" days, and publish advisories (CSAF) once a fix is available.\n");
        b.append("Actively exploited vulnerabilities are notified as required by Art. 14 of the EU Cyber Resilience Act.\n\n");
        b.append("Security update support periods (updates until the end of the month shown):\n");
        new TreeMap<>(supportPeriods).forEach((model, end) -> b.append("  ").append(SafeText.plain(model)).append(": until ")
                .append(end).append('\n'));
        return b.toString();
    }
}
