package io.palisade.tuf.fetch;

import com.sun.net.httpserver.HttpServer;
import io.palisade.tuf.TufException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP and file fetchers: length caps (endless data), not-found handling, errors. */
@Timeout(30)
class FetcherTest {
    private HttpServer server;
    private final AtomicLong endlessBytesSent = new AtomicLong();
    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", ex -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/endless", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length: the client must stop reading by itself
            byte[] chunk = new byte[8192];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(chunk);
                    endlessBytesSent.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                // expected: the fetcher stops reading and closes the connection
            }
        });
        server.createContext("/big-declared", ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1_000_000]);
            } catch (IOException clientWentAway) {
                // expected: the fetcher refuses after the headers
            }
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/forbidden", ex -> {
            ex.sendResponseHeaders(403, -1);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void httpFetchesWithinTheLimit() throws TufException {
        HttpFetcher f = new HttpFetcher(Duration.ofSeconds(10));
        assertThat(f.fetch(url("/ok"), 5)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
        assertThatThrownBy(() -> f.fetch(url("/ok"), 4)).isInstanceOf(TufException.class).hasMessageContaining("more than the allowed 4 bytes");
    }

    @Test
    void endlessDataIsCutOffAtTheLimit() {
        HttpFetcher f = new HttpFetcher(Duration.ofSeconds(10));
        assertThatThrownBy(() -> f.fetch(url("/endless"), 100_000)).isInstanceOf(TufException.class)
                .hasMessageContaining("more than the allowed 100000 bytes");
        assertThat(endlessBytesSent.get()).isLessThan(8192L * 1_000_000);
    }

    @Test
    void declaredOversizeIsRefusedBeforeReading() {
        HttpFetcher f = new HttpFetcher(Duration.ofSeconds(10));
        assertThatThrownBy(() -> f.fetch(url("/big-declared"), 1000)).isInstanceOf(TufException.class)
                .hasMessageContaining("declared length 1000000");
    }

    @Test
    void notFoundAndForbiddenAreEmptyOtherErrorsFail() throws TufException {
        Fetcher f = Fetcher.standard(Duration.ofSeconds(10));
        assertThat(f.fetch(url("/missing"), 100)).isEmpty();
        assertThat(f.fetch(url("/forbidden"), 100)).isEmpty();
        assertThatThrownBy(() -> f.fetch(url("/broken"), 100)).isInstanceOf(TufException.class).hasMessageContaining("HTTP status 500");
        assertThatThrownBy(() -> f.fetch(URI.create("ftp://example.test/x"), 100)).isInstanceOf(TufException.class)
                .hasMessageContaining("unsupported URL scheme");
    }

    @Test
    void unreachableServerFails() {
        HttpFetcher f = new HttpFetcher(Duration.ofSeconds(5));
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThatThrownBy(() -> f.fetch(URI.create("http://127.0.0.1:" + port + "/ok"), 100)).isInstanceOf(TufException.class)
                .hasMessageContaining("could not fetch");
    }

    @Test
    void fileFetcher() throws Exception {
        Path file = tmp.resolve("a.json");
        Files.writeString(file, "0123456789", StandardCharsets.UTF_8);
        FileFetcher f = new FileFetcher();
        assertThat(f.fetch(file.toUri(), 10)).hasValueSatisfying(b -> assertThat(b).hasSize(10));
        assertThatThrownBy(() -> f.fetch(file.toUri(), 9)).isInstanceOf(TufException.class).hasMessageContaining("more than the allowed 9");
        assertThat(f.fetch(tmp.resolve("none.json").toUri(), 10)).isEmpty();
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("sub/x.json"), "secret", StandardCharsets.UTF_8);
        assertThat(f.fetch(URI.create(tmp.toUri() + "sub%2Fx.json"), 100)).isEmpty();
        assertThatThrownBy(() -> f.fetch(URI.create("http://x/y"), 1)).isInstanceOf(TufException.class);
    }
}
