package io.palisade.vuln.version;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.palisade.core.PalisadeException;
import java.util.List;
import java.util.Locale;

/**
 * A set of versions as an advisory states it. Every implementation is an immutable, JSON-serializable record.
 * {@link #test(String)} never throws for a malformed candidate version: it answers {@link Verdict#UNKNOWN}.
 */
public sealed interface VersionRange permits VersionRange.Any, VersionRange.Exact, VersionRange.Unspecified,
        VersRange, OsvRange, FreeTextRange {
    int MAX_EXPRESSION = 1024;

    Verdict test(String version);

    /** How much a hit of this range can be trusted (see {@link Confidence}). */
    @JsonProperty("confidence")
    Confidence confidence();

    /** A human-readable, canonical form of the range. */
    @JsonProperty("expression")
    String expression();

    /** The kind of range for JSON consumers: ANY, EXACT, UNSPECIFIED, VERS, OSV, FREE_TEXT. */
    @JsonProperty("kind")
    default String kind() {
        return switch (this) {
            case Any a -> "ANY";
            case Exact e -> "EXACT";
            case Unspecified u -> "UNSPECIFIED";
            case VersRange v -> "VERS";
            case OsvRange o -> "OSV";
            case FreeTextRange f -> "FREE_TEXT";
        };
    }

    /**
     * Parses a range as found in a CSAF {@code product_version_range} branch or an ICS advisory: a {@code vers:}
     * URI is parsed strictly, anything else as free text (low confidence).
     */
    static VersionRange parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return new Unspecified("no version information");
        }
        if (expression.length() > MAX_EXPRESSION) {
            throw PalisadeException.invalid("version range longer than " + MAX_EXPRESSION + " characters");
        }
        String s = expression.strip();
        if (s.toLowerCase(Locale.ROOT).startsWith("vers:")) {
            return VersRange.parse(s);
        }
        return FreeTextRange.parse(s);
    }

    static VersionRange exact(String version) {
        return new Exact(List.of(version));
    }

    /** Every version (e.g. {@code vers:all/*} or "all versions"). */
    record Any(String expression, Confidence confidence) implements VersionRange {
        @Override
        public Verdict test(String version) {
            return Verdict.AFFECTED;
        }
    }

    /** An explicit list of versions (CSAF product_version, OSV {@code versions}, CPE with a version): HIGH confidence. */
    record Exact(List<String> versions) implements VersionRange {
        public Exact {
            versions = List.copyOf(versions);
            if (versions.isEmpty()) {
                throw PalisadeException.invalid("exact version list must not be empty");
            }
        }

        @Override
        public Verdict test(String version) {
            Version v;
            try {
                v = Version.of(version);
            } catch (PalisadeException e) {
                return Verdict.UNKNOWN;
            }
            for (String candidate : versions) {
                if (candidate.equals(version)) {
                    return Verdict.AFFECTED;
                }
                try {
                    if (Version.of(candidate).compareTo(v) == 0) {
                        return Verdict.AFFECTED;
                    }
                } catch (PalisadeException e) {
                    // a malformed listed version cannot equal a well-formed one
                }
            }
            return Verdict.NOT_AFFECTED;
        }

        @Override
        public Confidence confidence() {
            return Confidence.HIGH;
        }

        @Override
        public String expression() {
            return String.join(" | ", versions);
        }
    }

    /** The source names the product but no version: every version might be affected (UNKNOWN, LOW). */
    record Unspecified(String reason) implements VersionRange {
        @Override
        public Verdict test(String version) {
            return Verdict.UNKNOWN;
        }

        @Override
        public Confidence confidence() {
            return Confidence.LOW;
        }

        @Override
        public String expression() {
            return "unspecified (" + reason + ")";
        }
    }
}
