package io.palisade.vuln.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled JSON schemas (CSAF 2.0 + CVSS, OSV, CycloneDX 1.2-1.7 + spdx/jsf, SPDX 2.3), loaded strictly
 * offline: every schema URI the documents reference is mapped to a class-path resource and any other remote
 * reference fails instead of being fetched.
 */
public final class SchemaRegistry {
    private static final String BASE = "io/palisade/vuln/schema/";
    private static final Map<String, String> MAPPED = Map.of(
            "https://www.first.org/cvss/", BASE + "csaf/",
            "https://docs.oasis-open.org/csaf/csaf/v2.0/", BASE + "csaf/",
            "http://cyclonedx.org/schema/", BASE + "cyclonedx/",
            "https://raw.githubusercontent.com/ossf/osv-schema/main/validation/", BASE + "osv/",
            "http://spdx.org/rdf/terms/", BASE + "spdx/");
    private static final int MAX_MESSAGES = 200;

    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    /** Validates against a bundled schema resource (e.g. "csaf/csaf_json_schema.json"); returns findings with rule "schema". */
    public List<Finding> validate(String resource, SpecVersion.VersionFlag dialect, JsonNode doc) {
        JsonSchema schema = cache.computeIfAbsent(resource, r -> load(r, dialect));
        Set<ValidationMessage> messages = schema.validate(doc);
        List<Finding> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (out.size() >= MAX_MESSAGES) {
                out.add(new Finding("schema", "", "more schema errors omitted"));
                break;
            }
            out.add(new Finding("schema", m.getInstanceLocation().toString(), m.getMessage()));
        }
        return out;
    }

    private static JsonSchema load(String resource, SpecVersion.VersionFlag dialect) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(dialect, b -> b
                .schemaLoaders(l -> l.add(iri -> offline(iri.toString()))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true).build();
        return factory.getSchema(SchemaLocation.of("classpath:" + BASE + resource), config);
    }

    /** Resolves a schema IRI to a bundled resource; anything not bundled fails (no network access, ever). */
    private static InputStreamSource offline(String iri) {
        String path = null;
        if (iri.startsWith("classpath:")) {
            path = iri.substring("classpath:".length());
        } else {
            for (Map.Entry<String, String> e : MAPPED.entrySet()) {
                if (iri.startsWith(e.getKey())) {
                    String file = iri.substring(e.getKey().length());
                    int q = file.indexOf('?');
                    file = q >= 0 ? file.substring(0, q) : file;
                    if (e.getKey().startsWith("http://spdx.org")) {
                        file = "spdx-schema.json";
                    } else if (file.equals("bom-1.2b.schema.json")) {
                        file = "bom-1.2.schema.json";
                    }
                    path = e.getValue() + file;
                    break;
                }
            }
        }
        if (path == null || path.contains("..")) {
            if (iri.startsWith("https://json-schema.org/") || iri.startsWith("http://json-schema.org/")) {
                return null;
            }
            final String refused = iri;
            return () -> {
                throw new IOException("schema reference not bundled (offline): " + refused);
            };
        }
        final String p = path.startsWith("/") ? path.substring(1) : path;
        return () -> {
            InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(p);
            if (in == null) {
                throw new IOException("bundled schema missing: " + p);
            }
            return in;
        };
    }
}
