package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A virtual patch: mitigates a device vulnerability at the edge and the gateway without touching the device.
 * Scoped to models and a firmware range ({@code >=1.0.0,<1.4.2}); staged with a canary (a percentage of the
 * in-scope devices, chosen by a stable hash, and/or an explicit device list) before it applies to all.
 *
 * @param advisory the advisory it mitigates (CVE, GHSA, CSAF id) or a local id
 */
public record VirtualPatch(String id, String advisory, String description, Set<String> models, String firmwareRange,
        List<EdgeRule> edgeRules, List<GatewayDeny> gatewayDenies, int canaryPercent, Set<String> canaryDevices) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    public VirtualPatch {
        if (id == null || !ID.matcher(id).matches()) {
            throw PalisadeException.invalid("virtual patch id must be 1-100 characters from A-Z a-z 0-9 . _ : -");
        }
        if (advisory == null || !ID.matcher(advisory).matches()) {
            throw PalisadeException.invalid("virtual patch advisory must be an advisory id or a local id");
        }
        description = description == null ? "" : description;
        models = Set.copyOf(models);
        if (models.isEmpty()) {
            throw PalisadeException.invalid("virtual patch must name at least one model");
        }
        Objects.requireNonNull(firmwareRange, "firmwareRange");
        edgeRules = List.copyOf(edgeRules);
        gatewayDenies = gatewayDenies == null ? List.of() : List.copyOf(gatewayDenies);
        if (edgeRules.isEmpty() && gatewayDenies.isEmpty()) {
            throw PalisadeException.invalid("virtual patch needs at least one edge rule or gateway deny entry");
        }
        if (canaryPercent < 0 || canaryPercent > 100) {
            throw PalisadeException.invalid("canary percentage must be 0-100");
        }
        canaryDevices = canaryDevices == null ? Set.of() : Set.copyOf(canaryDevices);
    }
}
