package io.palisade.device.tpm;

import io.palisade.device.DeviceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The device as RFC 9334 attester: an endorsement key (EK, RSA 2048, default template, persistent at
 * {@value #EK_HANDLE}) and an attestation key (AK: restricted ECDSA P-256/SHA-256 signing key under the EK,
 * persistent at {@value #AK_HANDLE}); quotes over chosen SHA-256 PCRs with the verifier's nonce, and the device side
 * of credential activation.
 */
public final class TpmAttester {
    public static final String EK_HANDLE = "0x81010001";
    public static final String AK_HANDLE = "0x81010002";

    /**
     * What the verifier parses: {@code attest} (TPMS_ATTEST), {@code signature} (TPMT_SIGNATURE) and
     * {@code pcrValues} (the selected SHA-256 PCR values concatenated in ascending order).
     */
    public record Quote(byte[] attest, byte[] signature, byte[] pcrValues) {
    }

    private final Tpm tpm;
    private final byte[] ekPublic;
    private final byte[] akPublic;
    private final byte[] akName;

    private TpmAttester(Tpm tpm, byte[] ekPublic, byte[] akPublic, byte[] akName) {
        this.tpm = tpm;
        this.ekPublic = ekPublic;
        this.akPublic = akPublic;
        this.akName = akName;
    }

    /** Uses the persistent EK and AK, creating them in the TPM on first use. */
    public static TpmAttester provision(Tpm tpm) {
        Path dir = tpm.workDir();
        Path ek = dir.resolve("ek.pub");
        Path ak = dir.resolve("ak.pub");
        Path akName = dir.resolve("ak.name");
        final boolean[] created = {false};
        tpm.locked(() -> {
            if (!exists(tpm, EK_HANDLE, ek)) {
                tpm.run("tpm2_createek", "-c", EK_HANDLE, "-G", "rsa", "-u", ek.toString());
            }
            if (!exists(tpm, AK_HANDLE, ak)) {
                Path ctx = dir.resolve("ak.ctx");
                tpm.run("tpm2_createak", "-C", EK_HANDLE, "-c", ctx.toString(), "-G", "ecc", "-g", "sha256",
                        "-s", "ecdsa", "-u", ak.toString(), "-n", akName.toString());
                tpm.run("tpm2_evictcontrol", "-C", "o", "-c", ctx.toString(), AK_HANDLE);
                tpm.flushTransient();
                created[0] = true;
            }
            if (!created[0]) {
                tpm.run("tpm2_readpublic", "-c", AK_HANDLE, "-o", ak.toString(), "-n", akName.toString());
            }
        });
        return new TpmAttester(tpm, read(ek), read(ak), read(akName));
    }

    private static boolean exists(Tpm tpm, String handle, Path out) {
        try {
            tpm.run("tpm2_readpublic", "-c", handle, "-o", out.toString());
            return true;
        } catch (DeviceException e) {
            return false;
        }
    }

    /** TPM2B_PUBLIC of the EK (for the verifier's MakeCredential). */
    public byte[] ekPublic() {
        return ekPublic.clone();
    }

    /** TPM2B_PUBLIC of the AK (to bind at enrollment). */
    public byte[] akPublic() {
        return akPublic.clone();
    }

    public byte[] akName() {
        return akName.clone();
    }

    /** TPM2_Quote over SHA-256 PCRs {@code pcrs} with {@code nonce} as qualifying data, signed by the AK. */
    public Quote quote(byte[] nonce, int... pcrs) {
        if (nonce == null || nonce.length == 0 || nonce.length > 64) {
            throw new IllegalArgumentException("nonce must be 1..64 bytes");
        }
        if (pcrs.length == 0 || Arrays.stream(pcrs).anyMatch(p -> p < 0 || p > 23)) {
            throw new IllegalArgumentException("select PCRs 0..23");
        }
        String selection = "sha256:" + Arrays.stream(pcrs).sorted().distinct().mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        Path dir = tpm.workDir();
        Path msg = dir.resolve("quote.msg");
        Path sig = dir.resolve("quote.sig");
        Path values = dir.resolve("quote.pcrs");
        Quote[] out = new Quote[1];
        tpm.locked(() -> {
            tpm.run("tpm2_quote", "-c", AK_HANDLE, "-l", selection, "-q", HexFormat.of().formatHex(nonce),
                    "-m", msg.toString(), "-s", sig.toString(), "-g", "sha256");
            tpm.run("tpm2_pcrread", selection, "-o", values.toString());
            tpm.flushTransient();
            out[0] = new Quote(read(msg), read(sig), read(values));
        });
        return out[0];
    }

    /**
     * TPM2_ActivateCredential: recovers the verifier's secret from a credential file (as
     * {@code tpm2_makecredential} writes it); succeeds only if this TPM holds the EK and the AK the credential
     * was made for.
     */
    public byte[] activateCredential(byte[] credentialFile) {
        Path dir = tpm.workDir();
        Path in = dir.resolve("credential.in");
        Path out = dir.resolve("credential.out");
        Path session = dir.resolve("session.ctx");
        byte[][] secret = new byte[1][];
        tpm.locked(() -> {
            try {
                Files.write(in, credentialFile);
                Files.deleteIfExists(out);
                tpm.run("tpm2_startauthsession", "--policy-session", "-S", session.toString());
                try {
                    tpm.run("tpm2_policysecret", "-S", session.toString(), "-c", "e");
                    tpm.run("tpm2_activatecredential", "-c", AK_HANDLE, "-C", EK_HANDLE, "-i", in.toString(),
                            "-o", out.toString(), "-P", "session:" + session);
                } finally {
                    tpm.runQuietly("tpm2_flushcontext", session.toString());
                    tpm.flushTransient();
                }
                secret[0] = Files.readAllBytes(out);
                Files.delete(out);
            } catch (IOException e) {
                throw new DeviceException("credential activation I/O failed: " + e.getMessage(), e);
            }
        });
        return secret[0];
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new DeviceException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
