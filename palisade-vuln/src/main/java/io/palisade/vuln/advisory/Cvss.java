package io.palisade.vuln.advisory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CVSS v2.0 / v3.0 / v3.1 vector parsing and base/temporal score computation (FIRST specifications), used by the
 * CSAF mandatory tests 6.1.8-6.1.10, by the OSV parser (OSV carries vectors only) and by the CSAF writer.
 */
public final class Cvss {
    /** Vector metric abbreviation → CSAF/CVSS-JSON property name and value names, per version family. */
    public static final Map<String, Map<String, String>> V3_VALUES = new LinkedHashMap<>();
    public static final Map<String, String> V3_PROPERTIES = new LinkedHashMap<>();
    public static final Map<String, Map<String, String>> V2_VALUES = new LinkedHashMap<>();
    public static final Map<String, String> V2_PROPERTIES = new LinkedHashMap<>();

    static {
        v3("AV", "attackVector", "N", "NETWORK", "A", "ADJACENT_NETWORK", "L", "LOCAL", "P", "PHYSICAL");
        v3("AC", "attackComplexity", "L", "LOW", "H", "HIGH");
        v3("PR", "privilegesRequired", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("UI", "userInteraction", "N", "NONE", "R", "REQUIRED");
        v3("S", "scope", "U", "UNCHANGED", "C", "CHANGED");
        v3("C", "confidentialityImpact", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("I", "integrityImpact", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("A", "availabilityImpact", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("E", "exploitCodeMaturity", "X", "NOT_DEFINED", "U", "UNPROVEN", "P", "PROOF_OF_CONCEPT", "F", "FUNCTIONAL", "H", "HIGH");
        v3("RL", "remediationLevel", "X", "NOT_DEFINED", "O", "OFFICIAL_FIX", "T", "TEMPORARY_FIX", "W", "WORKAROUND", "U", "UNAVAILABLE");
        v3("RC", "reportConfidence", "X", "NOT_DEFINED", "U", "UNKNOWN", "R", "REASONABLE", "C", "CONFIRMED");
        v3("CR", "confidentialityRequirement", "X", "NOT_DEFINED", "L", "LOW", "M", "MEDIUM", "H", "HIGH");
        v3("IR", "integrityRequirement", "X", "NOT_DEFINED", "L", "LOW", "M", "MEDIUM", "H", "HIGH");
        v3("AR", "availabilityRequirement", "X", "NOT_DEFINED", "L", "LOW", "M", "MEDIUM", "H", "HIGH");
        v3("MAV", "modifiedAttackVector", "X", "NOT_DEFINED", "N", "NETWORK", "A", "ADJACENT_NETWORK", "L", "LOCAL", "P", "PHYSICAL");
        v3("MAC", "modifiedAttackComplexity", "X", "NOT_DEFINED", "L", "LOW", "H", "HIGH");
        v3("MPR", "modifiedPrivilegesRequired", "X", "NOT_DEFINED", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("MUI", "modifiedUserInteraction", "X", "NOT_DEFINED", "N", "NONE", "R", "REQUIRED");
        v3("MS", "modifiedScope", "X", "NOT_DEFINED", "U", "UNCHANGED", "C", "CHANGED");
        v3("MC", "modifiedConfidentialityImpact", "X", "NOT_DEFINED", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("MI", "modifiedIntegrityImpact", "X", "NOT_DEFINED", "N", "NONE", "L", "LOW", "H", "HIGH");
        v3("MA", "modifiedAvailabilityImpact", "X", "NOT_DEFINED", "N", "NONE", "L", "LOW", "H", "HIGH");
        v2("AV", "accessVector", "L", "LOCAL", "A", "ADJACENT_NETWORK", "N", "NETWORK");
        v2("AC", "accessComplexity", "H", "HIGH", "M", "MEDIUM", "L", "LOW");
        v2("Au", "authentication", "M", "MULTIPLE", "S", "SINGLE", "N", "NONE");
        v2("C", "confidentialityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE");
        v2("I", "integrityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE");
        v2("A", "availabilityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE");
        v2("E", "exploitability", "U", "UNPROVEN", "POC", "PROOF_OF_CONCEPT", "F", "FUNCTIONAL", "H", "HIGH", "ND", "NOT_DEFINED");
        v2("RL", "remediationLevel", "OF", "OFFICIAL_FIX", "TF", "TEMPORARY_FIX", "W", "WORKAROUND", "U", "UNAVAILABLE", "ND", "NOT_DEFINED");
        v2("RC", "reportConfidence", "UC", "UNCONFIRMED", "UR", "UNCORROBORATED", "C", "CONFIRMED", "ND", "NOT_DEFINED");
    }

    private Cvss() {
    }

    private static void v3(String key, String prop, String... pairs) {
        V3_PROPERTIES.put(key, prop);
        V3_VALUES.put(key, pairs(pairs));
    }

    private static void v2(String key, String prop, String... pairs) {
        V2_PROPERTIES.put(key, prop);
        V2_VALUES.put(key, pairs(pairs));
    }

    private static Map<String, String> pairs(String[] p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i += 2) {
            m.put(p[i], p[i + 1]);
        }
        return m;
    }

    /** A parsed vector: version ("2.0", "3.0", "3.1") and metrics in order. */
    public record Vector(String version, Map<String, String> metrics) {
    }

    /** Parses a v3.x vector ("CVSS:3.1/AV:N/...") or a v2 vector ("AV:N/AC:L/Au:N/C:P/I:P/A:P"); empty when malformed. */
    public static Optional<Vector> parse(String vector) {
        if (vector == null || vector.length() > 256) {
            return Optional.empty();
        }
        String version;
        String body;
        Map<String, Map<String, String>> allowed;
        if (vector.startsWith("CVSS:3.0/") || vector.startsWith("CVSS:3.1/")) {
            version = vector.substring(5, 8);
            body = vector.substring(9);
            allowed = V3_VALUES;
        } else {
            version = "2.0";
            body = vector;
            allowed = V2_VALUES;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : body.split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String k = part.substring(0, colon);
            String v = part.substring(colon + 1);
            Map<String, String> values = allowed.get(k);
            if (values == null || !values.containsKey(v) || m.put(k, v) != null) {
                return Optional.empty();
            }
        }
        String[] base = version.equals("2.0") ? new String[] {"AV", "AC", "Au", "C", "I", "A"}
                : new String[] {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
        for (String b : base) {
            if (!m.containsKey(b)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Vector(version, Map.copyOf(m)));
    }

    /** Base score of a parsed vector. */
    public static double baseScore(Vector v) {
        return v.version().equals("2.0") ? baseV2(v.metrics()) : baseV3(v.metrics(), v.version().equals("3.1"));
    }

    /** Temporal score when the vector carries temporal metrics, else empty. */
    public static Optional<Double> temporalScore(Vector v) {
        Map<String, String> m = v.metrics();
        if (v.version().equals("2.0")) {
            if (!m.containsKey("E") && !m.containsKey("RL") && !m.containsKey("RC")) {
                return Optional.empty();
            }
            double e = switch (m.getOrDefault("E", "ND")) {
                case "U" -> 0.85; case "POC" -> 0.9; case "F" -> 0.95; default -> 1.0;
            };
            double rl = switch (m.getOrDefault("RL", "ND")) {
                case "OF" -> 0.87; case "TF" -> 0.90; case "W" -> 0.95; default -> 1.0;
            };
            double rc = switch (m.getOrDefault("RC", "ND")) {
                case "UC" -> 0.90; case "UR" -> 0.95; default -> 1.0;
            };
            return Optional.of(round1(baseV2(m) * e * rl * rc));
        }
        if (!m.containsKey("E") && !m.containsKey("RL") && !m.containsKey("RC")) {
            return Optional.empty();
        }
        double e = switch (m.getOrDefault("E", "X")) {
            case "U" -> 0.91; case "P" -> 0.94; case "F" -> 0.97; default -> 1.0;
        };
        double rl = switch (m.getOrDefault("RL", "X")) {
            case "O" -> 0.95; case "T" -> 0.96; case "W" -> 0.97; default -> 1.0;
        };
        double rc = switch (m.getOrDefault("RC", "X")) {
            case "U" -> 0.92; case "R" -> 0.96; default -> 1.0;
        };
        boolean v31 = v.version().equals("3.1");
        return Optional.of(roundUp(baseV3(m, v31) * e * rl * rc, v31));
    }

    private static double baseV3(Map<String, String> m, boolean v31) {
        boolean changed = m.get("S").equals("C");
        double av = switch (m.get("AV")) {
            case "N" -> 0.85; case "A" -> 0.62; case "L" -> 0.55; default -> 0.2;
        };
        double ac = m.get("AC").equals("L") ? 0.77 : 0.44;
        double pr = switch (m.get("PR")) {
            case "N" -> 0.85; case "L" -> changed ? 0.68 : 0.62; default -> changed ? 0.5 : 0.27;
        };
        double ui = m.get("UI").equals("N") ? 0.85 : 0.62;
        double iss = 1 - (1 - cia3(m.get("C"))) * (1 - cia3(m.get("I"))) * (1 - cia3(m.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double expl = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return 0.0;
        }
        return changed ? roundUp(Math.min(1.08 * (impact + expl), 10), v31) : roundUp(Math.min(impact + expl, 10), v31);
    }

    private static double cia3(String s) {
        return switch (s) {
            case "H" -> 0.56; case "L" -> 0.22; default -> 0.0;
        };
    }

    private static double baseV2(Map<String, String> m) {
        double av = switch (m.get("AV")) {
            case "L" -> 0.395; case "A" -> 0.646; default -> 1.0;
        };
        double ac = switch (m.get("AC")) {
            case "H" -> 0.35; case "M" -> 0.61; default -> 0.71;
        };
        double au = switch (m.get("Au")) {
            case "M" -> 0.45; case "S" -> 0.56; default -> 0.704;
        };
        double impact = 10.41 * (1 - (1 - cia2(m.get("C"))) * (1 - cia2(m.get("I"))) * (1 - cia2(m.get("A"))));
        double expl = 20 * av * ac * au;
        double f = impact == 0 ? 0 : 1.176;
        return round1(((0.6 * impact) + (0.4 * expl) - 1.5) * f);
    }

    private static double cia2(String s) {
        return switch (s) {
            case "P" -> 0.275; case "C" -> 0.660; default -> 0.0;
        };
    }

    private static double round1(double x) {
        return BigDecimal.valueOf(x).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static double roundUp(double x, boolean v31) {
        if (!v31) {
            return Math.ceil(x * 10 - 1e-9) / 10.0;
        }
        long i = Math.round(x * 100000);
        if (i % 10000 == 0) {
            return i / 100000.0;
        }
        return (Math.floor(i / 10000.0) + 1) / 10.0;
    }

    /** Qualitative severity of a v3 score: NONE, LOW, MEDIUM, HIGH, CRITICAL. */
    public static String severityV3(double score) {
        if (score == 0) {
            return "NONE";
        }
        if (score < 4.0) {
            return "LOW";
        }
        if (score < 7.0) {
            return "MEDIUM";
        }
        return score < 9.0 ? "HIGH" : "CRITICAL";
    }
}
