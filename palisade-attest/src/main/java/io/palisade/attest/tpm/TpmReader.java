package io.palisade.attest.tpm;

import io.palisade.attest.tpm.TpmFormatException.Problem;
import java.util.Arrays;

/** A bounds-checked big-endian cursor over TPM 2.0 marshalled bytes. Every read checks the remaining length. */
final class TpmReader {
    private final byte[] buf;
    private final String structure;
    private int pos;

    TpmReader(byte[] buf, String structure) {
        this.buf = buf;
        this.structure = structure;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    private void need(int n, String field) throws TpmFormatException {
        if (n > buf.length - pos) {
            throw new TpmFormatException(Problem.TRUNCATED, structure + ": truncated in " + field + " (needs " + n
                    + " bytes at offset " + pos + ", " + (buf.length - pos) + " left)");
        }
    }

    int u8(String field) throws TpmFormatException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    int u16(String field) throws TpmFormatException {
        need(2, field);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String field) throws TpmFormatException {
        need(4, field);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64(String field) throws TpmFormatException {
        long hi = u32(field);
        long lo = u32(field);
        return (hi << 32) | lo;
    }

    byte[] bytes(int n, String field) throws TpmFormatException {
        need(n, field);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A TPM2B: a 16-bit size followed by that many bytes, refused when the size exceeds {@code max}. */
    byte[] tpm2b(int max, String field) throws TpmFormatException {
        int size = u16(field + ".size");
        if (size > max) {
            throw new TpmFormatException(Problem.OVERSIZED, structure + ": " + field + " has size " + size
                    + ", at most " + max + " allowed");
        }
        return bytes(size, field);
    }

    void end() throws TpmFormatException {
        if (pos != buf.length) {
            throw new TpmFormatException(Problem.TRAILING_BYTES, structure + ": " + (buf.length - pos)
                    + " trailing bytes after the structure");
        }
    }

    TpmFormatException bad(String message) {
        return new TpmFormatException(Problem.BAD_VALUE, structure + ": " + message);
    }

    TpmFormatException unsupported(String message) {
        return new TpmFormatException(Problem.UNSUPPORTED, structure + ": " + message);
    }

    /** Reads a TPM2B wrapper (16-bit size) whose body must be exactly the rest of the input. */
    static byte[] unwrapTpm2b(byte[] in, int maxBody, String structure) throws TpmFormatException {
        if (in == null) {
            throw new TpmFormatException(Problem.TRUNCATED, structure + ": no input");
        }
        TpmReader r = new TpmReader(in, structure);
        int size = r.u16("size");
        if (size > maxBody) {
            throw new TpmFormatException(Problem.OVERSIZED, structure + ": size " + size + ", at most " + maxBody
                    + " allowed");
        }
        byte[] body = r.bytes(size, "body");
        r.end();
        return body;
    }

    static void requireMax(byte[] in, int max, String structure) throws TpmFormatException {
        if (in == null) {
            throw new TpmFormatException(Problem.TRUNCATED, structure + ": no input");
        }
        if (in.length > max) {
            throw new TpmFormatException(Problem.OVERSIZED, structure + ": " + in.length + " bytes, at most " + max
                    + " allowed");
        }
    }
}
