package io.palisade.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.attest.tpm.TpmAlg;
import io.palisade.attest.tpm.TpmtSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The appraiser against quotes built in Java (no TPM needed): every refusal has its own reason code. */
class QuoteAppraiserTest {
    static final String DEVICE = "gw-0001";
    static final int[] PCRS = {0, 4, 7};

    MutableClock clock;
    InMemoryNonceStore nonces;
    QuoteAppraiser appraiser;
    SoftTpm tpm;
    EventLog log;
    AppraisalPolicy policy;

    static EventLog boot(String version) {
        return EventLog.of(List.of(
                EventLog.Event.measure(0, "bootloader", ("u-boot for " + version).getBytes(StandardCharsets.UTF_8),
                        "u-boot"),
                EventLog.Event.measure(4, "kernel", ("kernel " + version).getBytes(StandardCharsets.UTF_8), null),
                EventLog.Event.measure(4, "rootfs", ("rootfs " + version).getBytes(StandardCharsets.UTF_8), null),
                EventLog.Event.measure(7, "secureboot", "db=palisade".getBytes(StandardCharsets.UTF_8), null)));
    }

    static FirmwareMeasurements reference(String version) {
        EventLog l = boot(version);
        var replay = l.replay();
        return FirmwareMeasurements.of("gw-200", version, replay);
    }

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));
        nonces = new InMemoryNonceStore(clock, Duration.ofMinutes(2), 1000);
        appraiser = new QuoteAppraiser(nonces);
        tpm = new SoftTpm();
        log = boot("2.0.0");
        for (EventLog.Event e : log.events()) {
            tpm.extend(e.pcr(), e.sha256());
        }
        policy = new AppraisalPolicy(reference("2.0.0"), List.of(reference("1.0.0")));
    }

    QuoteEvidence evidence(byte[] nonce) throws Exception {
        byte[] attest = tpm.quote(nonce, PCRS);
        return new QuoteEvidence(DEVICE, attest, tpm.sign(attest), tpm.pcrValues(PCRS), log.toJsonLines());
    }

    Appraisal appraise(QuoteEvidence e) throws Exception {
        return appraiser.appraise(e, tpm.bound(DEVICE), policy);
    }

    static void assertFail(Appraisal a, ReasonCode code, String messagePart) {
        assertThat(a).isInstanceOf(Appraisal.Fail.class);
        Appraisal.Fail f = (Appraisal.Fail) a;
        assertThat(f.code()).as(f.message()).isEqualTo(code);
        assertThat(f.message()).contains(messagePart);
    }

    @Test
    void freshQuoteOfTheExpectedFirmwareWithItsEventLogPasses() throws Exception {
        Appraisal a = appraise(evidence(nonces.issue(DEVICE).value()));
        assertThat(a).isEqualTo(new Appraisal.Pass(DEVICE, "gw-200", "2.0.0", 7, 0));
        assertThat(a.passed()).isTrue();
    }

    @Test
    void quoteWithoutEventLogPassesOnReferenceValues() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        assertThat(appraise(new QuoteEvidence(DEVICE, e.attest(), e.signature(), e.pcrValues(), null)).passed())
                .isTrue();
    }

    @Test
    void replayedQuoteIsRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        assertThat(appraise(e).passed()).isTrue();
        assertFail(appraise(e), ReasonCode.NONCE_REPLAYED, "already used");
    }

    @Test
    void nonceNeverIssuedOrIssuedToAnotherDeviceIsRefused() throws Exception {
        byte[] foreign = nonces.issue("gw-0002").value();
        assertFail(appraise(evidence(foreign)), ReasonCode.NONCE_UNKNOWN, "not issued to 'gw-0001'");
        assertFail(appraise(evidence(new byte[32])), ReasonCode.NONCE_UNKNOWN, "not issued");
    }

    @Test
    void expiredNonceIsRefused() throws Exception {
        byte[] n = nonces.issue(DEVICE).value();
        clock.advance(Duration.ofMinutes(3));
        assertFail(appraise(evidence(n)), ReasonCode.NONCE_EXPIRED, "expired");
    }

    @Test
    void quoteSignedByAnotherDevicesAkIsRefused() throws Exception {
        SoftTpm other = new SoftTpm();
        byte[] attest = tpm.quote(nonces.issue(DEVICE).value(), PCRS);
        QuoteEvidence e = new QuoteEvidence(DEVICE, attest, other.sign(attest), tpm.pcrValues(PCRS), null);
        assertFail(appraise(e), ReasonCode.BAD_SIGNATURE, "does not verify with the attestation key bound to");
    }

    @Test
    void tamperedQuoteFailsTheSignature() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        byte[] attest = e.attest();
        attest[attest.length - 1] ^= 1;
        assertFail(appraise(new QuoteEvidence(DEVICE, attest, e.signature(), e.pcrValues(), null)),
                ReasonCode.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void pcrValuesOfARevokedOlderFirmwareAreNamed() throws Exception {
        tpm = new SoftTpm();
        log = boot("1.0.0");
        for (EventLog.Event e : log.events()) {
            tpm.extend(e.pcr(), e.sha256());
        }
        Appraisal a = appraiser.appraise(evidence(nonces.issue(DEVICE).value()), tpm.bound(DEVICE), policy);
        assertFail(a, ReasonCode.FIRMWARE_REVOKED, "PCRs match revoked firmware gw-200 1.0.0");
    }

    @Test
    void pcrValuesOfUnknownFirmwareAreRefused() throws Exception {
        tpm.extend(4, new byte[32]);
        log = EventLog.of(concat(log.events(), new EventLog.Event(4, new byte[32], "module", null)));
        assertFail(appraise(evidence(nonces.issue(DEVICE).value())), ReasonCode.FIRMWARE_MISMATCH,
                "PCR 4 is ");
    }

    @Test
    void wrongSignatureSchemeIsRefused() throws Exception {
        byte[] attest = tpm.quote(nonces.issue(DEVICE).value(), PCRS);
        byte[] rsa = TpmtSignature.marshalRsa(TpmAlg.RSASSA, new byte[256]);
        assertFail(appraise(new QuoteEvidence(DEVICE, attest, rsa, tpm.pcrValues(PCRS), null)),
                ReasonCode.WRONG_SIGNATURE_SCHEME, "RSASSA/SHA-256 does not fit");
        byte[] hmac = {0x00, 0x05, 0x00, 0x0b, 0x00, 0x20};
        assertFail(appraise(new QuoteEvidence(DEVICE, attest, hmac, tpm.pcrValues(PCRS), null)),
                ReasonCode.WRONG_SIGNATURE_SCHEME, "HMAC is not accepted");
        byte[] sha1 = {0x00, 0x18, 0x00, 0x04, 0x00, 0x01, 0x01, 0x00, 0x01, 0x01};
        assertFail(appraise(new QuoteEvidence(DEVICE, attest, sha1, tpm.pcrValues(PCRS), null)),
                ReasonCode.WRONG_SIGNATURE_SCHEME, "SHA-256 only");
    }

    @Test
    void eventLogThatDoesNotReplayToTheQuotedPcrsIsRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        List<EventLog.Event> events = log.events();
        EventLog forged = EventLog.of(List.of(events.get(0), events.get(2), events.get(1), events.get(3)));
        assertFail(appraiser.appraise(new QuoteEvidence(DEVICE, e.attest(), e.signature(), e.pcrValues(),
                forged.toJsonLines()), tpm.bound(DEVICE), policy), ReasonCode.EVENT_LOG_MISMATCH,
                "the event log replays PCR 4 to");
    }

    @Test
    void malformedEventLogIsRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        byte[] bad = "{\"pcr\":0,\"sha256\":\"zz\",\"type\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
        assertFail(appraise(new QuoteEvidence(DEVICE, e.attest(), e.signature(), e.pcrValues(), bad)),
                ReasonCode.EVENT_LOG_MALFORMED, "line 1: 'sha256' must be 64 hex characters");
    }

    @Test
    void akBoundToAnotherDeviceIsRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        assertFail(appraiser.appraise(e, tpm.bound("gw-0002"), policy), ReasonCode.AK_NOT_BOUND,
                "this AK is bound to 'gw-0002'");
        assertFail(appraiser.appraise(e, null, policy), ReasonCode.AK_NOT_BOUND, "no attestation key");
    }

    @Test
    void selectionMissingAPolicyPcrIsRefused() throws Exception {
        int[] partial = {0, 7};
        byte[] attest = tpm.quote(nonces.issue(DEVICE).value(), partial);
        assertFail(appraise(new QuoteEvidence(DEVICE, attest, tpm.sign(attest), tpm.pcrValues(partial), null)),
                ReasonCode.PCR_SELECTION_INCOMPLETE, "SHA-256 PCR 4");
    }

    @Test
    void pcrValuesThatDoNotHashToThePcrDigestAreRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        byte[] values = e.pcrValues();
        values[0] ^= 1;
        assertFail(appraise(new QuoteEvidence(DEVICE, e.attest(), e.signature(), values, null)),
                ReasonCode.PCR_DIGEST_MISMATCH, "pcrDigest");
        QuoteEvidence e2 = evidence(nonces.issue(DEVICE).value());
        assertFail(appraise(new QuoteEvidence(DEVICE, e2.attest(), e2.signature(), Arrays.copyOf(values, 64), null)),
                ReasonCode.PCR_DIGEST_MISMATCH, "got 64 bytes");
    }

    @Test
    void truncatedOversizedAndTrailingQuotesAreRefused() throws Exception {
        QuoteEvidence e = evidence(nonces.issue(DEVICE).value());
        byte[] a = e.attest();
        assertFail(appraise(new QuoteEvidence(DEVICE, Arrays.copyOf(a, a.length - 5), e.signature(),
                e.pcrValues(), null)), ReasonCode.MALFORMED_QUOTE, "truncated in pcrDigest");
        assertFail(appraise(new QuoteEvidence(DEVICE, Arrays.copyOf(a, a.length + 1), e.signature(),
                e.pcrValues(), null)), ReasonCode.MALFORMED_QUOTE, "1 trailing bytes");
        assertFail(appraise(new QuoteEvidence(DEVICE, new byte[5000], e.signature(), e.pcrValues(), null)),
                ReasonCode.MALFORMED_QUOTE, "5000 bytes, at most 1024");
        byte[] sig = e.signature();
        assertFail(appraise(new QuoteEvidence(DEVICE, a, Arrays.copyOf(sig, sig.length - 1), e.pcrValues(), null)),
                ReasonCode.MALFORMED_SIGNATURE, "truncated in signatureS");
    }

    static <T> List<T> concat(List<T> a, T b) {
        java.util.ArrayList<T> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
