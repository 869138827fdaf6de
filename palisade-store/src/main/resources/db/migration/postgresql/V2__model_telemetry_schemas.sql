-- Optional JSON schema per device model that telemetry must satisfy (validated by the edge).
CREATE TABLE model_telemetry_schemas (
    model        VARCHAR(64)     NOT NULL PRIMARY KEY REFERENCES device_models (name),
    schema_text  VARCHAR(65536)  NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
