package io.palisade.attest;

import io.palisade.attest.tpm.MakeCredential;
import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmtPublic;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Binds a TPM attestation key (AK) to an enrolled device identity, at enrollment:
 *
 * <ul>
 *   <li>{@link #bindCertified}: the device presents an AK certificate issued by its manufacturer; the chain must end
 *       at a trusted manufacturer CA, its key must be the AK, and its subject CN or a DNS/URI subject alternative name
 *       must name the device id (a URI may be {@code urn:palisade:device:<id>});</li>
 *   <li>{@link #startActivation}/{@link #completeActivation}: TPM2 credential activation. The verifier makes a
 *       credential for the AK's Name under the device's endorsement key; only the TPM holding that EK, with the AK
 *       loaded, can recover the secret ({@code tpm2_activatecredential}). The EK must be trusted: give its
 *       manufacturer-issued EK certificate chain, or use the overload without one only for an EK registered at
 *       manufacturing.</li>
 * </ul>
 *
 * In both cases the AK public area must be a restricted signing key generated in the TPM (fixedTPM, fixedParent,
 * sensitiveDataOrigin, restricted, sign; not decrypt).
 */
public final class AkBinder {
    /** The URI SAN prefix that names a device. */
    public static final String DEVICE_URN = "urn:palisade:device:";
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final Set<TrustAnchor> manufacturerCas;
    private final Clock clock;

    public AkBinder(Collection<X509Certificate> manufacturerCas, Clock clock) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : manufacturerCas) {
            anchors.add(new TrustAnchor(ca, null));
        }
        this.manufacturerCas = Set.copyOf(anchors);
        this.clock = clock;
    }

    /** A credential-activation challenge waiting for the device's answer. Store it; send {@link #tpm2ToolsFile()}. */
    public record PendingActivation(String deviceId, byte[] akPublic, byte[] secretSha256, Instant expiresAt,
            byte[] credentialBlob, byte[] encryptedSecret) {
        /** The credential as {@code tpm2_activatecredential -i} reads it. */
        public byte[] tpm2ToolsFile() {
            return new MakeCredential.Challenge(credentialBlob, encryptedSecret, new byte[0]).tpm2ToolsFile();
        }
    }

    public BoundAk bindCertified(String deviceId, byte[] akPublicTpm2b, List<X509Certificate> akChain)
            throws AkBindingException {
        TpmtPublic ak = parseAk(akPublicTpm2b);
        if (akChain == null || akChain.isEmpty()) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "no AK certificate");
        }
        X509Certificate leaf = akChain.get(0);
        validateChain(akChain, "AK");
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), ak.publicKey().getEncoded())) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND,
                    "the AK certificate certifies another key than the presented AK");
        }
        if (!names(leaf, deviceId)) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "the AK certificate (subject "
                    + leaf.getSubjectX500Principal().getName() + ") does not name device '" + deviceId + "'");
        }
        return new BoundAk(deviceId, ak, BoundAk.Method.MANUFACTURER_CERTIFICATE, clock.instant());
    }

    /** Starts credential activation with an EK whose manufacturer certificate chain is given (leaf first). */
    public PendingActivation startActivation(String deviceId, byte[] ekPublicTpm2b, List<X509Certificate> ekChain,
            byte[] akPublicTpm2b, Duration ttl) throws AkBindingException {
        TpmtPublic ek = parseEk(ekPublicTpm2b);
        if (ekChain == null || ekChain.isEmpty()) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "no EK certificate");
        }
        validateChain(ekChain, "EK");
        if (!Arrays.equals(ekChain.get(0).getPublicKey().getEncoded(), ek.publicKey().getEncoded())) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND,
                    "the EK certificate certifies another key than the presented EK");
        }
        return startActivation(deviceId, ekPublicTpm2b, akPublicTpm2b, ttl);
    }

    /** Starts credential activation with an EK the caller already trusts for {@code deviceId}. */
    public PendingActivation startActivation(String deviceId, byte[] trustedEkPublicTpm2b, byte[] akPublicTpm2b,
            Duration ttl) throws AkBindingException {
        TpmtPublic ek = parseEk(trustedEkPublicTpm2b);
        TpmtPublic ak = parseAk(akPublicTpm2b);
        MakeCredential.Challenge c;
        try {
            c = MakeCredential.make(ek, ak.name());
        } catch (TpmFormatException e) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "cannot make a credential for this EK: "
                    + e.getMessage());
        }
        return new PendingActivation(deviceId, ak.encodedTpm2b(), sha256(c.secret()), clock.instant().plus(ttl),
                c.credentialBlob(), c.encryptedSecret());
    }

    /** Finishes credential activation: {@code recoveredSecret} is what the device's TPM decrypted. */
    public BoundAk completeActivation(PendingActivation pending, byte[] recoveredSecret) throws AkBindingException {
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw new AkBindingException(ReasonCode.ACTIVATION_FAILED, "the credential-activation challenge expired");
        }
        if (recoveredSecret == null || !MessageDigest.isEqual(sha256(recoveredSecret), pending.secretSha256())) {
            throw new AkBindingException(ReasonCode.ACTIVATION_FAILED,
                    "the device did not recover the credential: its TPM does not hold both the EK and the AK");
        }
        return new BoundAk(pending.deviceId(), parseAk(pending.akPublic()), BoundAk.Method.CREDENTIAL_ACTIVATION,
                clock.instant());
    }

    static TpmtPublic parseAk(byte[] tpm2b) throws AkBindingException {
        TpmtPublic ak;
        try {
            ak = TpmtPublic.parseTpm2b(tpm2b);
        } catch (TpmFormatException e) {
            throw new AkBindingException(ReasonCode.AK_INVALID, "AK public area: " + e.getMessage());
        }
        String problem = ak.akProblem();
        if (problem != null) {
            throw new AkBindingException(ReasonCode.AK_INVALID, "not an attestation key: " + problem);
        }
        return ak;
    }

    private static TpmtPublic parseEk(byte[] tpm2b) throws AkBindingException {
        try {
            return TpmtPublic.parseTpm2b(tpm2b);
        } catch (TpmFormatException e) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "EK public area: " + e.getMessage());
        }
    }

    private void validateChain(List<X509Certificate> chain, String what) throws AkBindingException {
        if (manufacturerCas.isEmpty()) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "no trusted manufacturer CA is configured");
        }
        try {
            PKIXParameters params = new PKIXParameters(manufacturerCas);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            List<X509Certificate> path = chain.stream()
                    .filter(c -> manufacturerCas.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw new AkBindingException(ReasonCode.AK_NOT_BOUND, "the " + what
                    + " certificate does not chain to a trusted manufacturer CA: " + e.getMessage());
        }
    }

    static boolean names(X509Certificate cert, String deviceId) {
        X500Name subject = X500Name.getInstance(
                cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            if (deviceId.equals(IETFUtils.valueToString(rdn.getFirst().getValue()))) {
                return true;
            }
        }
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    Object v = san.get(1);
                    if ((type == SAN_DNS && deviceId.equals(v))
                            || (type == SAN_URI && (deviceId.equals(v) || (DEVICE_URN + deviceId).equals(v)))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    static byte[] sha256(byte[] b) {
        return EventLog.sha256(b);
    }

}
