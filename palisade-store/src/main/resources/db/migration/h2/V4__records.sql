-- Versioned documents of the capabilities without a table shape of their own (RecordRepository): firmware
-- releases, rollouts and their per-device progress, MUD profiles, alerts, incidents, vulnerability cases,
-- advisories, attestations, virtual patches. The body is JSON written by the server.
CREATE TABLE records (
    kind        VARCHAR(32)   NOT NULL,
    id          VARCHAR(200)  NOT NULL,
    revision    BIGINT        NOT NULL,
    body        CLOB          NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, id)
);
-- Exposure and rollouts count devices per model and firmware version.
CREATE INDEX devices_model_firmware ON devices (model, firmware);
