package io.palisade.vuln.publish;

import io.palisade.core.PalisadeException;

/** One of our products as published: vendor, model, firmware version and optional purl / CPE. */
public record ProductRef(String vendor, String model, String version, String purl, String cpe) {
    public ProductRef {
        Texts.require(vendor, "vendor");
        Texts.require(model, "model");
        Texts.require(version, "version");
        if (purl != null && io.palisade.vuln.advisory.Purl.tryParse(purl).isEmpty()) {
            throw PalisadeException.invalid("invalid purl for " + model + " " + version);
        }
    }

    String key() {
        return vendor + "\u0000" + model + "\u0000" + version;
    }
}
