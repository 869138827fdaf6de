-- Highest telemetry ingest-journal entry applied to the telemetry table (one row, id = 1); written in the same
-- transaction as the rows it covers, so replay after a crash applies each journal entry exactly once.
CREATE TABLE ingest_journal (
    id           INTEGER  NOT NULL PRIMARY KEY,
    applied_seq  BIGINT   NOT NULL
);
