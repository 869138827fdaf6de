package io.palisade.attest.tpm;

import java.io.ByteArrayOutputStream;

/** Big-endian TPM 2.0 marshalling, for building structures (MakeCredential output, simulators, tests). */
public final class TpmWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public TpmWriter u8(int v) {
        out.write(v);
        return this;
    }

    public TpmWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public TpmWriter u32(long v) {
        u16((int) (v >>> 16) & 0xffff);
        return u16((int) v & 0xffff);
    }

    public TpmWriter u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xffffffffL);
    }

    public TpmWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A TPM2B: 16-bit size then the bytes. */
    public TpmWriter tpm2b(byte[] b) {
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("TPM2B body larger than 65535 bytes");
        }
        u16(b.length);
        return raw(b);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
