package io.palisade.attest.tpm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The TPM 2.0 key derivation functions (TPM 2.0 Library Part 1, 11.4.10): KDFa (SP 800-108 counter mode, HMAC) and KDFe (SP 800-56A concatenation KDF). */
public final class Kdf {
    private Kdf() {
    }

    /** KDFa(hashAlg, key, label, contextU, contextV, bits); the label is used with its terminating zero byte. */
    public static byte[] kdfa(int hashAlg, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        String mac = "Hmac" + TpmAlg.jcaDigest(hashAlg).replace("-", "");
        try {
            Mac h = Mac.getInstance(mac);
            h.init(new SecretKeySpec(key, mac));
            int bytes = (bits + 7) / 8;
            byte[] out = new byte[bytes];
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            int done = 0;
            for (int counter = 1; done < bytes; counter++) {
                h.update(be32(counter));
                h.update(l);
                h.update((byte) 0);
                h.update(contextU == null ? new byte[0] : contextU);
                h.update(contextV == null ? new byte[0] : contextV);
                h.update(be32(bits));
                byte[] block = h.doFinal();
                int n = Math.min(block.length, bytes - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** KDFe(hashAlg, Z, label, partyUInfo, partyVInfo, bits); the label is used with its terminating zero byte. */
    public static byte[] kdfe(int hashAlg, byte[] z, String label, byte[] partyU, byte[] partyV, int bits) {
        try {
            MessageDigest md = MessageDigest.getInstance(TpmAlg.jcaDigest(hashAlg));
            int bytes = (bits + 7) / 8;
            byte[] out = new byte[bytes];
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            int done = 0;
            for (int counter = 1; done < bytes; counter++) {
                md.update(be32(counter));
                md.update(z);
                md.update(l);
                md.update((byte) 0);
                md.update(partyU);
                md.update(partyV);
                byte[] block = md.digest();
                int n = Math.min(block.length, bytes - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return Arrays.copyOf(out, bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
