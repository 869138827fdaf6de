package io.palisade.detect.response;

import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One playbook line: alerts whose type matches {@code match} (a glob: {@code *} = any characters, e.g.
 * {@code behaviour.*}) with at least {@code minSeverity}, seen {@code count} times within {@code within}
 * (count 1 = at once), trigger {@code actions}. With {@code requiresApproval} the destructive actions wait for
 * an approval; notifications still go out at once.
 */
public record PlaybookEntry(String match, Severity minSeverity, int count, Duration within, List<Action> actions,
        boolean requiresApproval) {
    /** An action with its optional parameter (the patch id of {@code virtual_patch:<id>}). */
    public record Action(ActionType type, String parameter) {
        public Action {
            Objects.requireNonNull(type, "type");
            if (type == ActionType.VIRTUAL_PATCH && (parameter == null || parameter.isBlank())) {
                throw PalisadeException.invalid("virtual_patch needs a patch id: virtual_patch:<id>");
            }
        }

        public static Action parse(String s) {
            if (s == null || s.length() > 200) {
                throw PalisadeException.invalid("action must be a short string such as quarantine or virtual_patch:<id>");
            }
            int colon = s.indexOf(':');
            return colon < 0 ? new Action(ActionType.parse(s), null)
                    : new Action(ActionType.parse(s.substring(0, colon)), s.substring(colon + 1).trim());
        }

        public String text() {
            return parameter == null ? type.label() : type.label() + ":" + parameter;
        }
    }

    public PlaybookEntry {
        if (match == null || match.isBlank() || match.length() > 100 || !match.matches("[a-z0-9._*-]+")) {
            throw PalisadeException.invalid("playbook match must be an alert type glob such as mud.violation or behaviour.*");
        }
        Objects.requireNonNull(minSeverity, "minSeverity");
        within = within == null ? Duration.ZERO : within;
        if (count < 1 || count > 1000) {
            throw PalisadeException.invalid("playbook count must be 1-1000");
        }
        if (count > 1 && (within.isZero() || within.isNegative() || within.compareTo(Duration.ofDays(7)) > 0)) {
            throw PalisadeException.invalid("playbook 'within' must be a positive duration up to 7 days when count > 1");
        }
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw PalisadeException.invalid("playbook entry '" + match + "' has no actions");
        }
    }

    public boolean matches(String alertType, Severity severity) {
        return severity.atLeast(minSeverity) && glob().matcher(alertType).matches();
    }

    private Pattern glob() {
        return Pattern.compile(Pattern.quote(match).replace("*", "\\E.*\\Q"));
    }
}
