package io.palisade.device.tpm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A swtpm TPM 2.0 simulator process for tests (state in a temporary directory, TCP command and control ports). */
public final class Swtpm implements AutoCloseable {
    public static final String INSTALL = "install swtpm tpm2-tools (Debian: apt-get install swtpm swtpm-tools tpm2-tools)";
    private final Process process;
    public final int port;

    private Swtpm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/swtpm")) && Tpm.toolsAvailable(),
                "swtpm or tpm2-tools missing: " + INSTALL);
    }

    public static Swtpm start(Path stateDir) throws Exception {
        assumeAvailable();
        Files.createDirectories(stateDir);
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + stateDir,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear")
                    .redirectErrorStream(true).redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Swtpm(p, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        throw new IllegalStateException("swtpm did not start; see " + stateDir.resolve("swtpm.log"));
    }

    private static int freePort() throws IOException {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port < 65000) {
                try (ServerSocket ctrl = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
    }

    public Tpm tpm(Path workDir) {
        return Tpm.swtpm(port, workDir);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
