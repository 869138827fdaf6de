package io.palisade.device.tpm;

import io.palisade.device.DeviceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TPM 2.0 reached through the tpm2-tools command line ({@code tpm2_*}), with the TCTI given in TPM2TOOLS_TCTI:
 * {@code device:/dev/tpmrm0} on a device, {@code swtpm:host=127.0.0.1,port=N} for the swtpm simulator. Commands run
 * one at a time; transient objects are flushed after each operation (there may be no resource manager).
 */
public final class Tpm {
    private static final long TIMEOUT_SECONDS = 60;
    private final String tcti;
    private final Path workDir;
    private final ReentrantLock lock = new ReentrantLock();

    public Tpm(String tcti, Path workDir) {
        if (tcti == null || tcti.isBlank() || tcti.contains("\n")) {
            throw new IllegalArgumentException("a TCTI configuration is required");
        }
        this.tcti = tcti;
        this.workDir = workDir;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new DeviceException("cannot create TPM work directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    /** The swtpm simulator's command port on this host. */
    public static Tpm swtpm(int port, Path workDir) {
        return new Tpm("swtpm:host=127.0.0.1,port=" + port, workDir);
    }

    /** The kernel's TPM resource manager device. */
    public static Tpm kernelResourceManager(Path workDir) {
        return new Tpm("device:/dev/tpmrm0", workDir);
    }

    /** True when the tpm2-tools commands this class uses are installed. */
    public static boolean toolsAvailable() {
        for (String t : List.of("tpm2_createprimary", "tpm2_create", "tpm2_load", "tpm2_sign", "tpm2_quote",
                "tpm2_createek", "tpm2_createak", "tpm2_activatecredential", "tpm2_pcrread")) {
            if (!Files.isExecutable(Path.of("/usr/bin", t))) {
                return false;
            }
        }
        return true;
    }

    public Path workDir() {
        return workDir;
    }

    /** Holds the TPM for a sequence of commands that must not interleave with others. */
    public void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    /** Runs one tpm2-tools command; returns its standard output. Throws DeviceException with stderr on failure. */
    public String run(String... command) {
        lock.lock();
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
            pb.environment().put("TPM2TOOLS_TCTI", tcti);
            pb.redirectErrorStream(false);
            Path err = Files.createTempFile(workDir, "tpm2-", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DeviceException(command[0] + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new DeviceException(command[0] + " failed (exit " + p.exitValue() + "): " + stderr);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceException("cannot run " + command[0] + " (is tpm2-tools installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while running " + command[0], e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a command, ignoring failure (cleanup such as flushing transient objects). */
    public void runQuietly(String... command) {
        try {
            run(command);
        } catch (DeviceException e) {
            // best effort
        }
    }

    /** Flushes every transient object (no resource manager cleans up after the tools). */
    public void flushTransient() {
        runQuietly("tpm2_flushcontext", "-t");
    }

    /** Extends SHA-256 PCR {@code pcr} with {@code digest} (a measured-boot stage, or a simulator). */
    public void extend(int pcr, byte[] digest) {
        if (pcr < 0 || pcr > 23 || digest.length != 32) {
            throw new IllegalArgumentException("PCR 0..23 and a 32-byte SHA-256 digest are required");
        }
        run("tpm2_pcrextend", pcr + ":sha256=" + java.util.HexFormat.of().formatHex(digest));
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }

    @Override
    public String toString() {
        return "Tpm[" + tcti + "]";
    }
}
