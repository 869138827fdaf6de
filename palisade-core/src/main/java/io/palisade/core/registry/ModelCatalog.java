package io.palisade.core.registry;

import io.palisade.core.device.*;
import static io.palisade.core.registry.RegistryContext.requireModel;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Registry section: device models and their telemetry schemas. */
final class ModelCatalog {
    private final RegistryContext cx;

    ModelCatalog(RegistryContext cx) {
        this.cx = cx;
    }

    DeviceModel createModel(String actor, String name, String manufacturer, YearMonth supportUntil, String mudUrl, RiskProfile profile) {
        Instant now = cx.now();
        DeviceModel m = new DeviceModel(name, manufacturer, supportUntil, mudUrl, profile == null ? RiskProfile.CONSUMER : profile, now);
        return cx.store.transaction(r -> {
            if (r.models().find(name).isPresent()) {
                throw PalisadeException.conflict("model '" + name + "' already exists");
            }
            r.models().insert(m);
            AuditLog.append(r.audit(), now, actor, AuditAction.MODEL_CREATED, "model:" + name,
                    "manufacturer=" + manufacturer + " supportUntil=" + supportUntil + " profile=" + m.profile().label()
                            + (mudUrl == null ? "" : " mudUrl=" + mudUrl));
            return m;
        });
    }

    DeviceModel model(String name) {
        return cx.store.read(r -> r.models().find(name))
                .orElseThrow(() -> PalisadeException.notFound("no model named '" + name + "': create it with 'palisade model create'"));
    }

    List<DeviceModel> models() {
        return cx.store.read(r -> r.models().list());
    }

    void setTelemetrySchema(String actor, String modelName, String schema) {
        if (schema != null && (schema.isBlank() || schema.length() > DeviceRegistry.MAX_TELEMETRY_SCHEMA)) {
            throw PalisadeException.invalid("telemetry schema must be 1-" + DeviceRegistry.MAX_TELEMETRY_SCHEMA + " characters of JSON");
        }
        Instant now = cx.now();
        cx.store.transaction(r -> {
            requireModel(r, modelName);
            if (schema == null) {
                if (!r.telemetrySchemas().remove(modelName)) {
                    throw PalisadeException.notFound("model '" + modelName + "' has no telemetry schema");
                }
            } else {
                r.telemetrySchemas().put(modelName, schema, now);
            }
            AuditLog.append(r.audit(), now, actor, AuditAction.MODEL_TELEMETRY_SCHEMA, "model:" + modelName,
                    schema == null ? "cleared" : "sha256=" + Secrets.sha256Hex(schema.getBytes(StandardCharsets.UTF_8)));
            return null;
        });
    }

    Optional<String> telemetrySchema(String modelName) {
        return cx.store.read(r -> {
            requireModel(r, modelName);
            return r.telemetrySchemas().find(modelName);
        });
    }

    Optional<String> telemetrySchemaOf(DeviceId id) {
        return cx.store.read(r -> r.devices().find(id).flatMap(d -> r.telemetrySchemas().find(d.model())));
    }
}
