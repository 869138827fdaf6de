package io.palisade.tuf.fetch;

import io.palisade.tuf.TufException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream up to a limit: one byte more than the limit is an error, the rest is never read. */
final class BoundedRead {
    private BoundedRead() {
    }

    static byte[] readAtMost(InputStream in, long maxLength, String what) throws IOException, TufException {
        if (maxLength < 0) {
            throw new TufException(what + ": negative length limit");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxLength + 1, 64 * 1024));
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        while (true) {
            long remaining = maxLength + 1 - total;
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                break;
            }
            total += n;
            if (total > maxLength) {
                throw new TufException(what + ": more than the allowed " + maxLength + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
