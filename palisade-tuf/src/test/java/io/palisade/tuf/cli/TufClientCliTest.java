package io.palisade.tuf.cli;

import com.sun.net.httpserver.HttpServer;
import io.palisade.tuf.TestRepoAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tuf-conformance client CLI, against a file:// and a local HTTP repository. */
@Timeout(60)
class TufClientCliTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return TufClientCli.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void initRefreshDownloadOverFileUrls() throws Exception {
        Path repoDir = tmp.resolve("repo");
        byte[] initialRoot = TestRepoAccess.writeRepository(repoDir, "dir/app.bin", "firmware");
        Path rootFile = tmp.resolve("initial_root.json");
        Files.write(rootFile, initialRoot);
        Path md = tmp.resolve("md");
        Path targets = tmp.resolve("out");
        Files.createDirectories(targets);
        String metadataUrl = repoDir.resolve("metadata").toUri().toString();
        String targetUrl = repoDir.resolve("targets").toUri().toString();

        assertThat(run("--metadata-dir", md.toString(), "init", rootFile.toString())).isZero();
        assertThat(md.resolve("root.json")).exists();
        assertThat(run("--metadata-url", metadataUrl, "--metadata-dir", md.toString(), "refresh")).as(err()).isZero();
        assertThat(md.resolve("timestamp.json")).exists();
        assertThat(md.resolve("targets.json")).exists();
        assertThat(run("--metadata-url", metadataUrl, "--metadata-dir", md.toString(), "--target-name", "dir/app.bin",
                "--target-dir", targets.toString(), "--target-base-url", targetUrl, "download")).as(err()).isZero();
        try (var files = Files.list(targets)) {
            List<Path> list = files.toList();
            assertThat(list).hasSize(1);
            assertThat(list.get(0)).hasContent("firmware");
        }
        assertThat(run("--metadata-url", metadataUrl, "--metadata-dir", md.toString(), "--target-name", "dir/app.bin",
                "--target-dir", targets.toString(), "--target-base-url", targetUrl, "download")).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("already up to date");

        assertThat(run("--metadata-url", metadataUrl, "--metadata-dir", md.toString(), "--target-name", "nope",
                "--target-dir", targets.toString(), "--target-base-url", targetUrl, "download")).isEqualTo(1);
        assertThat(err()).contains("'nope' is not listed");

        Files.write(repoDir.resolve("metadata/timestamp.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(run("--metadata-dir", md.toString(), "--metadata-url", metadataUrl, "refresh")).isEqualTo(1);
        assertThat(err()).contains("timestamp");
    }

    @Test
    void refreshAndDownloadOverHttp() throws Exception {
        Path repoDir = tmp.resolve("repo");
        byte[] initialRoot = TestRepoAccess.writeRepository(repoDir, "a b.txt", "spaced");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Path p = repoDir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!p.startsWith(repoDir) || !Files.isRegularFile(p)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(p);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            } catch (IOException ignored) {
                // client closed early
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path rootFile = tmp.resolve("root.json");
            Files.write(rootFile, initialRoot);
            Path md = tmp.resolve("md");
            assertThat(run("--metadata-dir", md.toString(), "init", rootFile.toString())).isZero();
            assertThat(run("--metadata-dir", md.toString(), "--metadata-url", base + "/metadata", "refresh")).as(err()).isZero();
            assertThat(run("--metadata-dir", md.toString(), "--metadata-url", base + "/metadata", "--target-name", "a b.txt",
                    "--target-base-url", base + "/targets/", "--target-dir", tmp.resolve("t").toString(), "download")).as(err()).isZero();
            assertThat(tmp.resolve("t").resolve("a%20b.txt")).hasContent("spaced");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void usageErrorsExitWithOne() throws Exception {
        assertThat(run()).isEqualTo(1);
        assertThat(run("--metadata-dir")).isEqualTo(1);
        assertThat(run("--bogus", "x", "refresh")).isEqualTo(1);
        assertThat(err()).contains("unknown option --bogus");
        assertThat(run("--metadata-dir", tmp.toString(), "frobnicate")).isEqualTo(1);
        assertThat(run("--metadata-dir", tmp.toString(), "refresh")).isEqualTo(1);
        assertThat(err()).contains("missing option --metadata-url");
        assertThat(run("--metadata-dir", tmp.toString(), "--metadata-url", "file:///nowhere", "refresh")).isEqualTo(1);
        assertThat(err()).contains("no trusted root.json");
        assertThat(run("--metadata-dir", tmp.toString(), "init")).isEqualTo(1);
        assertThat(run("--metadata-dir", tmp.toString(), "init", tmp.resolve("missing.json").toString())).isEqualTo(1);
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"signed\":{}}", StandardCharsets.UTF_8);
        assertThat(run("--metadata-dir", tmp.resolve("md").toString(), "init", bad.toString())).isEqualTo(1);
        assertThat(run("--help")).isZero();
        assertThat(URI.create("file:///x").getScheme()).isEqualTo("file");
    }
}
