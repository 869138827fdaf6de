package io.palisade.attest;

import io.palisade.attest.tpm.TpmAlg;
import io.palisade.attest.tpm.TpmWriter;
import io.palisade.attest.tpm.TpmtPublic;
import io.palisade.attest.tpm.TpmtSignature;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/** Builds TPMS_ATTEST quotes and TPMT_SIGNATUREs in Java, as a TPM would, so the verifier is tested without a TPM. */
final class SoftTpm {
    final KeyPair ak;
    final byte[] akPublic;
    final long resetCount;
    final Map<Integer, byte[]> pcrs = new TreeMap<>();

    SoftTpm() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ak = g.generateKeyPair();
        akPublic = new TpmWriter().tpm2b(TpmtPublic.marshalEcc((ECPublicKey) ak.getPublic(),
                TpmtPublic.AK_REQUIRED | TpmtPublic.USER_WITH_AUTH)).toByteArray();
        resetCount = 7;
        for (int i = 0; i < 24; i++) {
            pcrs.put(i, new byte[32]);
        }
    }

    void extend(int pcr, byte[] digest) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(pcrs.get(pcr));
        md.update(digest);
        pcrs.put(pcr, md.digest());
    }

    BoundAk bound(String deviceId) throws Exception {
        return BoundAk.restore(deviceId, akPublic, BoundAk.Method.MANUFACTURER_CERTIFICATE, Instant.EPOCH);
    }

    byte[] pcrValues(int... selection) {
        byte[] out = new byte[selection.length * 32];
        for (int i = 0; i < selection.length; i++) {
            System.arraycopy(pcrs.get(selection[i]), 0, out, i * 32, 32);
        }
        return out;
    }

    /** TPMS_ATTEST of a quote over SHA-256 PCRs {@code selection} (ascending) with {@code nonce} as extraData. */
    byte[] quote(byte[] nonce, int... selection) throws Exception {
        byte[] select = new byte[3];
        for (int p : selection) {
            select[p / 8] |= (byte) (1 << (p % 8));
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(pcrValues(selection));
        byte[] signer = new byte[34];
        signer[1] = 0x0b;
        return new TpmWriter().u32(TpmAlg.TPM_GENERATED_VALUE).u16(TpmAlg.TPM_ST_ATTEST_QUOTE).tpm2b(signer)
                .tpm2b(nonce).u64(123456789L).u32(resetCount).u32(0).u8(1).u64(0x2019102300163636L)
                .u32(1).u16(TpmAlg.SHA256).u8(3).raw(select).tpm2b(digest).toByteArray();
    }

    byte[] sign(byte[] attest) throws Exception {
        return signWith(ak, attest);
    }

    static byte[] signWith(KeyPair key, byte[] attest) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key.getPrivate());
        s.update(attest);
        ASN1Sequence seq = ASN1Sequence.getInstance(s.sign());
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger ss = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        return TpmtSignature.marshalEcdsa(unsigned(r), unsigned(ss));
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length == 33 && b[0] == 0) {
            return java.util.Arrays.copyOfRange(b, 1, 33);
        }
        return b;
    }
}
