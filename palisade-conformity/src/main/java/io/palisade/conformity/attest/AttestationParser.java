package io.palisade.conformity.attest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.catalog.EvidenceKind;
import io.palisade.conformity.catalog.Requirement;
import io.palisade.core.PalisadeException;
import io.palisade.json.JsonFieldException;
import io.palisade.json.JsonFields;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a manufacturer attestation file:
 * <pre>{@code
 * {"format": "palisade-attestations/1",
 *  "attestations": [{"requirement": "etsi-en-303-645:5.7-1", "claim": "implemented",
 *                    "owner": "J. Doe, ACME PSIRT", "statement": "Secure boot with ...",
 *                    "date": "2026-10-01", "expires": "2027-10-01", "reference": "https://..."}]}
 * }</pre>
 * Rejects (PalisadeException, invalid input) oversized or malformed input, unknown fields, unknown requirement ids,
 * requirements that are fully observed by the platform (an attestation cannot replace evidence), duplicates, and
 * dates out of order. Expired attestations parse; the assessor reports them as "attestation expired".
 */
public final class AttestationParser {
    public static final String FORMAT = "palisade-attestations/1";
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_ENTRIES = 5_000;
    private static final Set<String> FIELDS = Set.of("requirement", "claim", "owner", "statement", "date", "expires", "reference");
    private static final ObjectMapper JSON = strictMapper();

    private AttestationParser() {
    }

    static ObjectMapper strictMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(MAX_BYTES).maxNumberLength(32).build());
        m.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    public static List<Attestation> parse(byte[] json, Catalog catalog) {
        JsonNode root = readTree(json, MAX_BYTES, "attestation file");
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw PalisadeException.invalid("attestation file: expected an object with \"format\": \"" + FORMAT + "\"");
        }
        JsonNode list = root.get("attestations");
        if (list == null || !list.isArray()) {
            throw PalisadeException.invalid("attestation file: \"attestations\" must be an array");
        }
        if (list.size() > MAX_ENTRIES) {
            throw PalisadeException.invalid("attestation file: more than " + MAX_ENTRIES + " attestations");
        }
        List<Attestation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode a : list) {
            String where = "attestation #" + (i++ + 1);
            if (!a.isObject()) {
                throw PalisadeException.invalid(where + ": must be an object");
            }
            try {
                JsonFields.onlyFields(a, where, FIELDS);
            } catch (JsonFieldException e) {
                throw PalisadeException.invalid(e.getMessage());
            }
            String id = str(a, "requirement", where, 200, true);
            Requirement req = catalog.find(id).orElseThrow(() -> PalisadeException.invalid(where + ": unknown requirement id '" + clip(id) + "'"));
            if (req.evidence() == EvidenceKind.OBSERVED) {
                throw PalisadeException.invalid(where + ": " + id + " is observed on the platform; an attestation cannot replace that evidence");
            }
            if (!seen.add(id)) {
                throw PalisadeException.invalid(where + ": duplicate attestation for " + id);
            }
            Attestation.Claim claim = switch (str(a, "claim", where, 32, true).toLowerCase(Locale.ROOT)) {
                case "implemented" -> Attestation.Claim.IMPLEMENTED;
                case "not-applicable" -> Attestation.Claim.NOT_APPLICABLE;
                default -> throw PalisadeException.invalid(where + ": claim must be implemented or not-applicable");
            };
            LocalDate date = date(a, "date", where);
            LocalDate expires = date(a, "expires", where);
            if (expires.isBefore(date)) {
                throw PalisadeException.invalid(where + ": expires (" + expires + ") is before date (" + date + ")");
            }
            out.add(new Attestation(id, claim, str(a, "owner", where, 200, true), str(a, "statement", where, 4000, true),
                    date, expires, str(a, "reference", where, 2048, false)));
        }
        return List.copyOf(out);
    }

    static JsonNode readTree(byte[] json, int max, String what) {
        if (json == null || json.length == 0) {
            throw PalisadeException.invalid(what + " is empty");
        }
        if (json.length > max) {
            throw new PalisadeException(io.palisade.core.ErrorCode.PAYLOAD_TOO_LARGE, what + " exceeds " + max + " bytes");
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw PalisadeException.invalid(what + " is not valid JSON: " + clip(e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getClass().getSimpleName()));
        }
    }

    static String str(JsonNode n, String field, String where, int max, boolean required) {
        try {
            return required ? JsonFields.requiredText(n, where, field, max) : JsonFields.optionalText(n, where, field, max);
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    static LocalDate date(JsonNode n, String field, String where) {
        String s = str(n, field, where, 10, true);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid(where + ": field '" + field + "' must be a date YYYY-MM-DD");
        }
    }

    static String clip(String s) {
        return JsonFields.clip(s);
    }
}
