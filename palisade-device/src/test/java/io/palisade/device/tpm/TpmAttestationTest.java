package io.palisade.device.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.attest.AkBinder;
import io.palisade.attest.Appraisal;
import io.palisade.attest.AppraisalPolicy;
import io.palisade.attest.BoundAk;
import io.palisade.attest.EventLog;
import io.palisade.attest.FirmwareMeasurements;
import io.palisade.attest.InMemoryNonceStore;
import io.palisade.attest.QuoteAppraiser;
import io.palisade.attest.QuoteEvidence;
import io.palisade.attest.ReasonCode;
import io.palisade.device.DeviceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against a real TPM 2.0 (swtpm + tpm2-tools): the AK is bound by credential activation (the verifier's
 * Java MakeCredential, the TPM's TPM2_ActivateCredential), a measured boot extends PCRs, the device quotes with the
 * verifier's nonce and the appraiser decides. Skipped with a message when swtpm/tpm2-tools are not installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TpmAttestationTest {
    static final String DEVICE = "gw-tpm-1";
    static final int[] PCRS = {0, 4, 7};

    @TempDir
    static Path dir;
    static Swtpm swtpm;
    static Tpm tpm;
    static TpmAttester attester;
    static EventLog bootLog;

    @BeforeAll
    static void boot() throws Exception {
        swtpm = Swtpm.start(dir.resolve("state"));
        tpm = swtpm.tpm(dir.resolve("work"));
        attester = TpmAttester.provision(tpm);
        bootLog = EventLog.of(List.of(
                EventLog.Event.measure(0, "bootloader", "u-boot 2024.01 gw-200".getBytes(StandardCharsets.UTF_8), null),
                EventLog.Event.measure(4, "kernel", "linux 6.6 gw-200 2.0.0".getBytes(StandardCharsets.UTF_8), null),
                EventLog.Event.measure(7, "secureboot", "db=palisade".getBytes(StandardCharsets.UTF_8), null)));
        for (EventLog.Event e : bootLog.events()) {
            tpm.extend(e.pcr(), e.sha256());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (swtpm != null) {
            swtpm.close();
        }
    }

    static BoundAk bindByActivation(AkBinder binder) throws Exception {
        AkBinder.PendingActivation p = binder.startActivation(DEVICE, attester.ekPublic(), attester.akPublic(),
                Duration.ofMinutes(5));
        return binder.completeActivation(p, attester.activateCredential(p.tpm2ToolsFile()));
    }

    @Test
    void realSwtpmQuoteVerifiesAndItsReplayIsRefused() throws Exception {
        BoundAk ak = bindByActivation(new AkBinder(List.of(), Clock.systemUTC()));
        assertThat(ak.method()).isEqualTo(BoundAk.Method.CREDENTIAL_ACTIVATION);
        assertThat(ak.ak().name()).isEqualTo(attester.akName());

        InMemoryNonceStore nonces = new InMemoryNonceStore();
        QuoteAppraiser appraiser = new QuoteAppraiser(nonces);
        AppraisalPolicy policy = new AppraisalPolicy(FirmwareMeasurements.of("gw-200", "2.0.0", bootLog.replay()),
                List.of());
        TpmAttester.Quote q = attester.quote(nonces.issue(DEVICE).value(), PCRS);
        QuoteEvidence evidence = new QuoteEvidence(DEVICE, q.attest(), q.signature(), q.pcrValues(),
                bootLog.toJsonLines());
        Appraisal a = appraiser.appraise(evidence, ak, policy);
        assertThat(a).as(a.toString()).isInstanceOf(Appraisal.Pass.class);
        Appraisal replay = appraiser.appraise(evidence, ak, policy);
        assertThat(((Appraisal.Fail) replay).code()).isEqualTo(ReasonCode.NONCE_REPLAYED);
    }

    @Test
    void realQuoteOfOtherPcrValuesIsRefusedAsUnknownFirmware() throws Exception {
        BoundAk ak = bindByActivation(new AkBinder(List.of(), Clock.systemUTC()));
        InMemoryNonceStore nonces = new InMemoryNonceStore();
        FirmwareMeasurements older = FirmwareMeasurements.of("gw-200", "1.0.0", EventLog.of(List.of(
                EventLog.Event.measure(0, "bootloader", "old".getBytes(StandardCharsets.UTF_8), null))).replay());
        FirmwareMeasurements expected = new FirmwareMeasurements("gw-200", "3.0.0",
                java.util.Map.of(0, "11".repeat(32), 4, "22".repeat(32), 7, "33".repeat(32)));
        TpmAttester.Quote q = attester.quote(nonces.issue(DEVICE).value(), PCRS);
        Appraisal a = new QuoteAppraiser(nonces).appraise(new QuoteEvidence(DEVICE, q.attest(), q.signature(),
                q.pcrValues(), null), ak, new AppraisalPolicy(expected, List.of(older)));
        assertThat(((Appraisal.Fail) a).code()).isEqualTo(ReasonCode.FIRMWARE_MISMATCH);
    }

    @Test
    void credentialForAnotherAkCannotBeActivatedSoTheAkIsNotBound() throws Exception {
        AkBinder binder = new AkBinder(List.of(), Clock.systemUTC());
        // a credential made for some other AK name (another device's AK): the TPM's integrity check refuses it
        byte[] otherAk = new io.palisade.attest.tpm.TpmWriter().tpm2b(io.palisade.attest.tpm.TpmtPublic.marshalEcc(
                (java.security.interfaces.ECPublicKey) java.security.KeyPairGenerator.getInstance("EC")
                        .generateKeyPair().getPublic(), io.palisade.attest.tpm.TpmtPublic.AK_REQUIRED))
                .toByteArray();
        AkBinder.PendingActivation p = binder.startActivation(DEVICE, attester.ekPublic(), otherAk,
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> attester.activateCredential(p.tpm2ToolsFile()))
                .isInstanceOf(DeviceException.class).hasMessageContaining("tpm2_activatecredential failed");
    }
}
