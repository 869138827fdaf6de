package io.palisade.attest;

import io.palisade.attest.tpm.PcrSelection;
import io.palisade.attest.tpm.TpmAlg;
import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmsAttest;
import io.palisade.attest.tpm.TpmtPublic;
import io.palisade.attest.tpm.TpmtSignature;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Appraises TPM quote evidence (RFC 9334: the platform as verifier). Checks, in order, each failure with its own
 * {@link ReasonCode}:
 *
 * <ol>
 *   <li>the AK is bound to the device the evidence claims to come from ({@code AK_NOT_BOUND});</li>
 *   <li>the signature parses, uses ECDSA/RSASSA/RSAPSS with SHA-256 and fits the AK's key type and fixed scheme
 *       ({@code MALFORMED_SIGNATURE}, {@code WRONG_SIGNATURE_SCHEME});</li>
 *   <li>the quote parses strictly ({@code MALFORMED_QUOTE});</li>
 *   <li>the signature over the quote verifies with the AK ({@code BAD_SIGNATURE});</li>
 *   <li>the quote's extraData is a nonce issued to this device, unused and unexpired; it is consumed now
 *       ({@code NONCE_UNKNOWN}, {@code NONCE_REPLAYED}, {@code NONCE_EXPIRED});</li>
 *   <li>the SHA-256 bank selection covers every PCR of the policy ({@code PCR_SELECTION_INCOMPLETE});</li>
 *   <li>the reported PCR values hash to the signed pcrDigest ({@code PCR_DIGEST_MISMATCH});</li>
 *   <li>if an event log came with the evidence, it replays to the reported PCR values ({@code EVENT_LOG_MALFORMED},
 *       {@code EVENT_LOG_MISMATCH});</li>
 *   <li>the PCR values equal the expected firmware's reference values ({@code FIRMWARE_REVOKED} naming the revoked
 *       firmware they match, else {@code FIRMWARE_MISMATCH}).</li>
 * </ol>
 *
 * Thread-safe; one instance serves all devices.
 */
public final class QuoteAppraiser {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventLog::sha256);
    private static final int DIGEST = 32;

    private final NonceStore nonces;

    public QuoteAppraiser(NonceStore nonces) {
        this.nonces = nonces;
    }

    public Appraisal appraise(QuoteEvidence evidence, BoundAk boundAk, AppraisalPolicy policy) {
        if (boundAk == null || !boundAk.deviceId().equals(evidence.deviceId())) {
            return Appraisal.fail(ReasonCode.AK_NOT_BOUND, "no attestation key is bound to device '"
                    + evidence.deviceId() + "'" + (boundAk == null ? "" : " (this AK is bound to '"
                    + boundAk.deviceId() + "')"));
        }
        TpmtPublic ak = boundAk.ak();
        TpmtSignature sig;
        try {
            sig = TpmtSignature.parse(evidence.signature());
        } catch (TpmFormatException e) {
            return Appraisal.fail(e.problem() == TpmFormatException.Problem.UNSUPPORTED
                    ? ReasonCode.WRONG_SIGNATURE_SCHEME : ReasonCode.MALFORMED_SIGNATURE, e.getMessage());
        }
        if (!sig.matchesKeyType(ak.publicKey())
                || (ak.scheme() != TpmAlg.NULL && ak.scheme() != sig.sigAlg())) {
            return Appraisal.fail(ReasonCode.WRONG_SIGNATURE_SCHEME, "signature scheme " + sig.schemeName()
                    + " does not fit the attestation key (" + ak.publicKey().getAlgorithm() + ")");
        }
        TpmsAttest quote;
        try {
            quote = TpmsAttest.parse(evidence.attest());
        } catch (TpmFormatException e) {
            return Appraisal.fail(ReasonCode.MALFORMED_QUOTE, e.getMessage());
        }
        if (!sig.verify(ak.publicKey(), evidence.attest())) {
            return Appraisal.fail(ReasonCode.BAD_SIGNATURE,
                    "the quote signature does not verify with the attestation key bound to '" + evidence.deviceId()
                            + "' (AK name " + boundAk.akNameHex() + ")");
        }
        switch (nonces.consume(evidence.deviceId(), quote.extraData())) {
            case ACCEPTED -> { }
            case REPLAYED -> {
                return Appraisal.fail(ReasonCode.NONCE_REPLAYED, "the quote's nonce was already used: replayed quote");
            }
            case EXPIRED -> {
                return Appraisal.fail(ReasonCode.NONCE_EXPIRED, "the quote's nonce expired");
            }
            case UNKNOWN -> {
                return Appraisal.fail(ReasonCode.NONCE_UNKNOWN,
                        "the quote's nonce was not issued to '" + evidence.deviceId() + "' (or is long expired)");
            }
        }
        PcrSelection sha256Bank = null;
        int selected = 0;
        for (PcrSelection s : quote.pcrSelections()) {
            selected += s.count();
            if (s.hashAlg() == TpmAlg.SHA256) {
                sha256Bank = s;
            }
        }
        int[] policyPcrs = policy.pcrs();
        for (int pcr : policyPcrs) {
            if (sha256Bank == null || !sha256Bank.contains(pcr)) {
                return Appraisal.fail(ReasonCode.PCR_SELECTION_INCOMPLETE,
                        "the quote does not cover SHA-256 PCR " + pcr + " required by the reference values of "
                                + policy.expected().label());
            }
        }
        if (sha256Bank.count() != selected) {
            return Appraisal.fail(ReasonCode.PCR_SELECTION_INCOMPLETE,
                    "only the SHA-256 bank may be selected (the quote selects other banks too)");
        }
        byte[] values = evidence.pcrValues();
        if (values.length != selected * DIGEST) {
            return Appraisal.fail(ReasonCode.PCR_DIGEST_MISMATCH, "expected " + selected
                    + " SHA-256 PCR values (" + selected * DIGEST + " bytes), got " + values.length + " bytes");
        }
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(values);
        if (!MessageDigest.isEqual(md.digest(), quote.pcrDigest())) {
            return Appraisal.fail(ReasonCode.PCR_DIGEST_MISMATCH,
                    "the reported PCR values do not hash to the quote's signed pcrDigest");
        }
        if (evidence.eventLog() != null) {
            Appraisal.Fail logProblem = checkEventLog(evidence.eventLog(), sha256Bank, values);
            if (logProblem != null) {
                return logProblem;
            }
        }
        if (matches(policy, -1, sha256Bank, values)) {
            FirmwareMeasurements fw = policy.expected();
            return new Appraisal.Pass(evidence.deviceId(), fw.model(), fw.version(), quote.resetCount(),
                    quote.restartCount());
        }
        List<FirmwareMeasurements> revoked = policy.revoked();
        for (int i = 0; i < revoked.size(); i++) {
            if (matches(policy, i, sha256Bank, values)) {
                return Appraisal.fail(ReasonCode.FIRMWARE_REVOKED, "PCRs match revoked firmware "
                        + revoked.get(i).label() + " (expected " + policy.expected().label() + ")");
            }
        }
        for (int i = 0; i < policyPcrs.length; i++) {
            int off = offset(sha256Bank, policyPcrs[i]);
            if (!regionEquals(values, off, policy.expectedValue(i))) {
                return Appraisal.fail(ReasonCode.FIRMWARE_MISMATCH, "PCR " + policyPcrs[i] + " is "
                        + HexFormat.of().formatHex(values, off, off + DIGEST) + ", the reference value for "
                        + policy.expected().label() + " is " + HexFormat.of().formatHex(policy.expectedValue(i)));
            }
        }
        return Appraisal.fail(ReasonCode.FIRMWARE_MISMATCH, "PCR values match no known firmware");
    }

    private static Appraisal.Fail checkEventLog(byte[] log, PcrSelection bank, byte[] values) {
        EventLog parsed;
        try {
            parsed = EventLog.parse(log);
        } catch (EventLog.FormatException e) {
            return new Appraisal.Fail(ReasonCode.EVENT_LOG_MALFORMED, e.getMessage());
        }
        byte[][] replay = parsed.replayAll();
        byte[] zeros = new byte[DIGEST];
        for (int i = 0; i < bank.count(); i++) {
            int pcr = bank.pcr(i);
            byte[] expected = pcr < replay.length && replay[pcr] != null ? replay[pcr] : zeros;
            if (!regionEquals(values, i * DIGEST, expected)) {
                return new Appraisal.Fail(ReasonCode.EVENT_LOG_MISMATCH, "the event log replays PCR " + pcr + " to "
                        + HexFormat.of().formatHex(expected) + " but the quote reports "
                        + HexFormat.of().formatHex(values, i * DIGEST, i * DIGEST + DIGEST));
            }
        }
        return null;
    }

    /** firmware -1: the expected firmware; otherwise the index of a revoked one. */
    private static boolean matches(AppraisalPolicy policy, int firmware, PcrSelection bank, byte[] values) {
        int[] pcrs = policy.pcrs();
        for (int i = 0; i < pcrs.length; i++) {
            byte[] ref = firmware < 0 ? policy.expectedValue(i) : policy.revokedValue(firmware, i);
            if (ref == null || !regionEquals(values, offset(bank, pcrs[i]), ref)) {
                return false;
            }
        }
        return true;
    }

    private static int offset(PcrSelection bank, int pcr) {
        for (int i = 0; i < bank.count(); i++) {
            if (bank.pcr(i) == pcr) {
                return i * DIGEST;
            }
        }
        throw new IllegalStateException("PCR " + pcr + " not selected");
    }

    private static boolean regionEquals(byte[] values, int off, byte[] ref) {
        return java.util.Arrays.equals(values, off, off + DIGEST, ref, 0, DIGEST);
    }
}
