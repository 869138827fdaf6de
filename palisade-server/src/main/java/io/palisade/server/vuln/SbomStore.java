package io.palisade.server.vuln;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.RecordRepository;
import io.palisade.core.store.Store;
import io.palisade.server.support.Records;
import io.palisade.vuln.sbom.Component;
import io.palisade.vuln.sbom.Sbom;
import io.palisade.vuln.sbom.SbomParser;
import io.palisade.vuln.validate.DocumentKind;
import io.palisade.vuln.validate.Finding;
import io.palisade.vuln.validate.ValidationReport;
import io.palisade.vuln.validate.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SBOMs of firmware versions (CycloneDX or SPDX 2.3 JSON), validated against their schema and kept as
 * {@code sbom} records keyed {@code <model>/<version>}: the components matching needs, not the document.
 */
public final class SbomStore {
    static final String KIND = "sbom";
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    public record StoredSbom(String model, String version, String format, String sha256, Component subject, List<Component> components,
                             Instant attachedAt, String attachedBy) {
    }

    public record SbomView(String model, String version, String format, String sha256, Component subject, int components,
                           Instant attachedAt, String attachedBy) {
        static SbomView of(StoredSbom s) {
            return new SbomView(s.model(), s.version(), s.format(), s.sha256(), s.subject(), s.components().size(), s.attachedAt(), s.attachedBy());
        }
    }

    private final Store store;
    private final DeviceRegistry registry;
    private final Validator validator;
    private final Clock clock;

    public SbomStore(Store store, DeviceRegistry registry, Validator validator, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.validator = validator;
        this.clock = clock;
    }

    static String key(String model, String version) {
        return model + "/" + version;
    }

    public SbomView attach(String actor, String model, String version, byte[] document) {
        registry.model(model);
        if (version == null || version.isBlank() || version.length() > 64 || !version.matches("[A-Za-z0-9][A-Za-z0-9._+~-]*")) {
            throw PalisadeException.invalid("firmware version must be 1-64 characters from A-Z a-z 0-9 . _ + ~ -");
        }
        ValidationReport report = validator.validate(document);
        if (report.kind() != DocumentKind.CYCLONEDX && report.kind() != DocumentKind.SPDX) {
            throw PalisadeException.invalid("not an SBOM: expected CycloneDX JSON or SPDX 2.3 JSON, got " + report.kind());
        }
        if (!report.valid()) {
            throw PalisadeException.invalid("SBOM refused, failed rules: " + String.join(" ", report.failedRules()) + " ("
                    + report.findings().stream().limit(5).map(Finding::message).collect(Collectors.joining("; ")) + ")");
        }
        Sbom sbom = new SbomParser().parse(document);
        Instant now = clock.instant();
        StoredSbom s = new StoredSbom(model, version, sbom.format(), Secrets.sha256Hex(document), sbom.subject(), sbom.components(), now, actor);
        String body = Records.write(s);
        if (body.length() > RecordRepository.MAX_BODY) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "SBOM has too many components to store (" + sbom.components().size() + ")");
        }
        store.transaction(tx -> {
            tx.records().put(KIND, key(model, version), body, now);
            AuditLog.append(tx.audit(), now, actor, AuditAction.VULN, "firmware:" + key(model, version), "SBOM attached: " + sbom.format()
                    + " components=" + sbom.components().size() + " sha256=" + s.sha256());
            return null;
        });
        return SbomView.of(s);
    }

    public Optional<StoredSbom> find(String model, String version) {
        return store.read(r -> r.records().find(KIND, key(model, version))).map(x -> Records.read(x.body(), StoredSbom.class));
    }

    public List<StoredSbom> all() {
        return store.read(r -> r.records().list(KIND, "", 1_000_000)).stream().map(x -> Records.read(x.body(), StoredSbom.class)).toList();
    }
}
