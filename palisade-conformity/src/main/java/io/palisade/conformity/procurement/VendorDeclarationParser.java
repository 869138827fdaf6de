package io.palisade.conformity.procurement;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.core.ErrorCode;
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
 * Parses a vendor declaration ({@code palisade-vendor-declaration/1}, documented in
 * {@code io/palisade/conformity/catalog/vendor-declaration.md}). Limits: 1 MiB, 5,000 entries, strings bounded,
 * unknown fields and duplicate requirements rejected. Unknown requirement ids are kept and reported as gaps.
 */
public final class VendorDeclarationParser {
    public static final String FORMAT = "palisade-vendor-declaration/1";
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_ENTRIES = 5_000;
    private static final Set<String> TOP = Set.of("format", "vendor", "product", "date", "declarations");
    private static final Set<String> ENTRY = Set.of("requirement", "status", "justification", "evidence");
    private static final ObjectMapper JSON = mapper();

    private VendorDeclarationParser() {
    }

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(MAX_BYTES).maxNumberLength(32).build());
        m.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    public static VendorDeclaration parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw PalisadeException.invalid("vendor declaration is empty");
        }
        if (json.length > MAX_BYTES) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "vendor declaration exceeds " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw PalisadeException.invalid("vendor declaration is not valid JSON: " + clip(e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getClass().getSimpleName()));
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw PalisadeException.invalid("vendor declaration: expected an object with \"format\": \"" + FORMAT + "\"");
        }
        onlyFields(root, TOP, "vendor declaration");
        String vendor = str(root, "vendor", "vendor declaration", 200, true);
        String product = str(root, "product", "vendor declaration", 200, true);
        LocalDate date;
        try {
            date = LocalDate.parse(str(root, "date", "vendor declaration", 10, true));
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid("vendor declaration: date must be YYYY-MM-DD");
        }
        JsonNode list = root.get("declarations");
        if (list == null || !list.isArray()) {
            throw PalisadeException.invalid("vendor declaration: \"declarations\" must be an array");
        }
        if (list.size() > MAX_ENTRIES) {
            throw PalisadeException.invalid("vendor declaration: more than " + MAX_ENTRIES + " declarations");
        }
        List<VendorDeclaration.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode e : list) {
            String where = "declaration #" + (++i);
            if (!e.isObject()) {
                throw PalisadeException.invalid(where + ": must be an object");
            }
            onlyFields(e, ENTRY, where);
            String id = str(e, "requirement", where, 200, true);
            if (!seen.add(id)) {
                throw PalisadeException.invalid(where + ": duplicate declaration for " + clip(id));
            }
            VendorDeclaration.Status st = switch (str(e, "status", where, 32, true).toLowerCase(Locale.ROOT)) {
                case "met" -> VendorDeclaration.Status.MET;
                case "partial" -> VendorDeclaration.Status.PARTIAL;
                case "not-met" -> VendorDeclaration.Status.NOT_MET;
                case "not-applicable" -> VendorDeclaration.Status.NOT_APPLICABLE;
                default -> throw PalisadeException.invalid(where + ": status must be met, partial, not-met or not-applicable");
            };
            entries.add(new VendorDeclaration.Entry(id, st, str(e, "justification", where, 4000, false),
                    str(e, "evidence", where, 4000, false)));
        }
        return new VendorDeclaration(vendor, product, date, entries);
    }

    private static void onlyFields(JsonNode n, Set<String> allowed, String where) {
        try {
            JsonFields.onlyFields(n, where, allowed);
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    private static String str(JsonNode n, String field, String where, int max, boolean required) {
        try {
            return required ? JsonFields.requiredText(n, where, field, max) : JsonFields.optionalText(n, where, field, max);
        } catch (JsonFieldException e) {
            throw PalisadeException.invalid(e.getMessage());
        }
    }

    private static String clip(String s) {
        return JsonFields.clip(s);
    }
}
