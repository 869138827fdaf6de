package io.palisade.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.attest.eat.EatIssuer;
import io.palisade.attest.eat.EatVerifier;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EAT (RFC 9711) JWTs from devices without a TPM. */
class EatVerifierTest {
    static final byte[] UEID = HexFormat.of().parseHex("01" + "a1".repeat(16));
    MutableClock clock;
    InMemoryNonceStore nonces;
    EatVerifier verifier;
    KeyPair key;
    EatVerifier.BoundEatKey bound;
    AppraisalPolicy policy;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));
        nonces = new InMemoryNonceStore(clock, Duration.ofMinutes(2), 100);
        verifier = new EatVerifier(nonces, clock, Duration.ofMinutes(5));
        key = newKey();
        bound = new EatVerifier.BoundEatKey("sensor-1", (ECPublicKey) key.getPublic(), UEID);
        String zero = "0".repeat(64);
        policy = new AppraisalPolicy(new FirmwareMeasurements("th-10", "3.1.0", Map.of(0, zero)),
                List.of(new FirmwareMeasurements("th-10", "3.0.0", Map.of(0, zero))));
    }

    static KeyPair newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    String token(KeyPair k, byte[] ueid, byte[] nonce, String version) {
        return EatIssuer.issue(k.getPrivate(), null, ueid, nonce, "th-10", version, clock.instant());
    }

    static ReasonCode code(Appraisal a) {
        return a instanceof Appraisal.Fail f ? f.code() : null;
    }

    @Test
    void freshTokenOfTheExpectedFirmwarePassesOnceOnly() {
        String t = token(key, UEID, nonces.issue("sensor-1").value(), "3.1.0");
        assertThat(verifier.verify("sensor-1", t, bound, policy))
                .isEqualTo(new Appraisal.Pass("sensor-1", "th-10", "3.1.0", -1, -1));
        assertThat(code(verifier.verify("sensor-1", t, bound, policy))).isEqualTo(ReasonCode.NONCE_REPLAYED);
    }

    @Test
    void refusesOtherKeysOtherUeidsRevokedFirmwareAndStaleTokens() throws Exception {
        assertThat(code(verifier.verify("sensor-1", token(newKey(), UEID, nonces.issue("sensor-1").value(), "3.1.0"),
                bound, policy))).isEqualTo(ReasonCode.BAD_SIGNATURE);
        assertThat(code(verifier.verify("sensor-1", token(key, new byte[17], nonces.issue("sensor-1").value(),
                "3.1.0"), bound, policy))).isEqualTo(ReasonCode.AK_NOT_BOUND);
        Appraisal revoked = verifier.verify("sensor-1", token(key, UEID, nonces.issue("sensor-1").value(), "3.0.0"),
                bound, policy);
        assertThat(revoked).hasToString("Fail[FIRMWARE_REVOKED: the device runs revoked firmware th-10 3.0.0 "
                + "(expected th-10 3.1.0)]");
        assertThat(code(verifier.verify("sensor-1", token(key, UEID, new byte[32], "3.1.0"), bound, policy)))
                .isEqualTo(ReasonCode.NONCE_UNKNOWN);
        String stale = token(key, UEID, nonces.issue("sensor-1").value(), "3.1.0");
        clock.advance(Duration.ofMinutes(10));
        assertThat(code(verifier.verify("sensor-1", stale, bound, policy))).isEqualTo(ReasonCode.EAT_INVALID);
        assertThat(code(verifier.verify("sensor-1", "not.a.jwt", bound, policy))).isEqualTo(ReasonCode.EAT_INVALID);
        assertThat(code(verifier.verify("sensor-2", stale, bound, policy))).isEqualTo(ReasonCode.AK_NOT_BOUND);
    }
}
