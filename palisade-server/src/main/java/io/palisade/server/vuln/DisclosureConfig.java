package io.palisade.server.vuln;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.server.support.Files2;
import io.palisade.server.http.Json;
import io.palisade.vuln.disclosure.DisclosurePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinated vulnerability disclosure policy from configuration: {@code <data-dir>/disclosure.json}
 * (a {@link DisclosurePolicy} as JSON; edit the file or {@code PUT /api/v1/disclosure}). The published policy
 * carries the support period of every registered model (the registry is the source; a period in the file only
 * fills in models the registry does not know).
 */
public final class DisclosureConfig {
    private static final Logger LOG = LoggerFactory.getLogger(DisclosureConfig.class);
    public static final String FILE = "disclosure.json";
    static final int MAX_BYTES = 64 * 1024;

    private final Path file;
    private final DeviceRegistry registry;

    public DisclosureConfig(Path dataDir, DeviceRegistry registry) {
        this.file = dataDir.resolve(FILE);
        this.registry = registry;
    }

    public Path file() {
        return file;
    }

    /** Parses and validates a policy document (the same checks as the file at start). */
    public static DisclosurePolicy parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw PalisadeException.invalid("disclosure policy larger than " + MAX_BYTES + " bytes");
        }
        try {
            DisclosurePolicy p = Json.MAPPER.readValue(json, DisclosurePolicy.class);
            if (p == null) {
                throw PalisadeException.invalid("disclosure policy must be a JSON object");
            }
            return p;
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable c = e.getCause();
            throw PalisadeException.invalid("disclosure policy refused: " + (c instanceof PalisadeException p ? p.getMessage()
                    : c == null ? e.getOriginalMessage() : c.getMessage()));
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw PalisadeException.invalid("disclosure policy: unknown field '" + e.getPropertyName() + "'");
        } catch (IOException e) {
            throw PalisadeException.invalid("disclosure policy is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** The policy as configured (empty when the file is missing or unreadable: the conformity checks then fail). */
    public Optional<DisclosurePolicy> configured() {
        try {
            byte[] b = Files.readAllBytes(file);
            return Optional.of(parse(b));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | PalisadeException e) {
            LOG.warn("{} is unusable, no disclosure policy is published: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The published policy: the configured one with the support periods of all registered models. */
    public Optional<DisclosurePolicy> published() {
        return configured().map(p -> {
            Map<String, YearMonth> periods = new TreeMap<>(p.supportPeriods());
            for (DeviceModel m : registry.models()) {
                periods.put(m.name(), m.supportUntil());
            }
            return new DisclosurePolicy(p.contacts(), p.policy(), p.preferredLanguages(), p.canonical(), p.expires(), p.encryption(),
                    p.acknowledgments(), p.hiring(), p.acknowledgeWithinDays(), p.statusUpdateEveryDays(), periods);
        });
    }

    /** Validates and writes the policy file (0600); returns the policy. */
    public DisclosurePolicy save(byte[] json) {
        DisclosurePolicy p = parse(json);
        Files2.writePrivate(file, new String(json, StandardCharsets.UTF_8));
        return p;
    }
}
