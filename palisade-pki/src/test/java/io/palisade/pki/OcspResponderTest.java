package io.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.RevocationReason;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;

class OcspResponderTest {
    private static final CertificateAuthority CA = TestCa.shared();

    @Test
    void answersSha256CertIdsWithSignedResponse() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = TestCa.device(CA, "dev-256", now);
        CertificateRecord rec = TestCa.record(leaf, "dev-256").revoked(now.minusSeconds(10), RevocationReason.SUPERSEDED);
        CertificateID id = certId(leaf, CA.issuingCertificate(), true);
        byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] req = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce)))).build().getEncoded();

        OCSPResp resp = new OCSPResp(CA.ocsp(req, s -> s.equals(leaf.getSerialNumber()) ? Optional.of(rec)
                : Optional.empty(), now));
        assertThat(resp.getStatus()).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(CA.issuingCertificate().getPublicKey()))).isTrue();
        assertThat(basic.getSignatureAlgOID().getId()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(basic.getCerts()).containsExactly(new JcaX509CertificateHolder(CA.issuingCertificate()));
        assertThat(basic.getResponderId().toASN1Primitive().getName()).isNull(); // by key hash, not by name
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue())
                .isEqualTo(new DEROctetString(nonce));
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getCertID()).isEqualTo(id);
        assertThat(single.getCertStatus()).isInstanceOf(RevokedStatus.class);
        RevokedStatus revoked = (RevokedStatus) single.getCertStatus();
        assertThat(revoked.getRevocationTime().toInstant()).isEqualTo(now.minusSeconds(10));
        assertThat(revoked.getRevocationReason()).isEqualTo(RevocationReason.SUPERSEDED.code());
        assertThat(single.getThisUpdate().toInstant()).isEqualTo(now);
        assertThat(single.getNextUpdate().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void revocationEffectiveLaterIsStillGood() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = TestCa.device(CA, "dev-later", now);
        CertificateRecord rec = TestCa.record(leaf, "dev-later").revoked(now.plusSeconds(300), RevocationReason.SUPERSEDED);
        byte[] req = new OCSPReqBuilder().addRequest(certId(leaf, CA.issuingCertificate(), false)).build().getEncoded();
        SingleResp single = single(CA.ocsp(req, s -> Optional.of(rec), now));
        assertThat(single.getCertStatus()).isNull(); // BC reports good as null
    }

    @Test
    void certIdOfAnotherIssuerIsUnknownWithoutLookup() throws Exception {
        CertificateAuthority other = TestCa.foreign();
        X509Certificate foreignLeaf = TestCa.device(other, "dev-foreign", Instant.now());
        AtomicInteger lookups = new AtomicInteger();
        byte[] req = new OCSPReqBuilder().addRequest(certId(foreignLeaf, other.issuingCertificate(), false)).build()
                .getEncoded();
        SingleResp single = single(CA.ocsp(req, s -> {
            lookups.incrementAndGet();
            return Optional.of(TestCa.record(foreignLeaf, "dev-foreign"));
        }, Instant.now()));
        assertThat(single.getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void malformedRequestsGetMalformedRequestStatus() throws Exception {
        assertMalformed(new byte[0]);
        assertMalformed(null);
        assertMalformed("GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertMalformed(new byte[16 * 1024 + 1]);
        assertMalformed(new byte[] {0x30, 0x03, 0x30, 0x01, 0x00});
    }

    @Test
    void failingRegistryLookupGivesInternalError() throws Exception {
        byte[] req = validRequest();
        OCSPResp resp = new OCSPResp(CA.ocsp(req, s -> {
            throw new IllegalStateException("database unavailable");
        }, Instant.now()));
        assertThat(resp.getStatus()).isEqualTo(OCSPRespBuilder.INTERNAL_ERROR);
    }

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 400) byte[] input) throws Exception {
        OCSPResp resp = new OCSPResp(CA.ocsp(input, s -> Optional.empty(), Instant.now()));
        assertThat(resp.getStatus()).isIn(OCSPRespBuilder.MALFORMED_REQUEST, OCSPRespBuilder.SUCCESSFUL);
    }

    @Property(tries = 300)
    void mutatedRequestsNeverThrow(@ForAll int position, @ForAll byte mask) throws Exception {
        byte[] req = validRequest().clone();
        req[Math.floorMod(position, req.length)] ^= (mask == 0 ? 1 : mask);
        OCSPResp resp = new OCSPResp(CA.ocsp(req, s -> Optional.empty(), Instant.now()));
        assertThat(resp.getStatus()).isIn(OCSPRespBuilder.MALFORMED_REQUEST, OCSPRespBuilder.SUCCESSFUL);
    }

    private static byte[] validRequestCache;

    private static synchronized byte[] validRequest() throws Exception {
        if (validRequestCache == null) {
            X509Certificate leaf = TestCa.device(CA, "dev-mut", Instant.now());
            validRequestCache = new OCSPReqBuilder().addRequest(certId(leaf, CA.issuingCertificate(), false))
                    .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                            new DEROctetString(new byte[] {9, 9, 9, 9}))))
                    .build().getEncoded();
        }
        return validRequestCache;
    }

    private static void assertMalformed(byte[] req) throws Exception {
        OCSPResp resp = new OCSPResp(CA.ocsp(req, s -> Optional.empty(), Instant.now()));
        assertThat(resp.getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(resp.getResponseObject()).isNull();
    }

    private static SingleResp single(byte[] der) throws Exception {
        OCSPResp resp = new OCSPResp(der);
        assertThat(resp.getStatus()).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
        return ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0];
    }

    private static CertificateID certId(X509Certificate leaf, X509Certificate issuer, boolean sha256) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        var alg = sha256 ? new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256) : CertificateID.HASH_SHA1;
        X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
        return new CertificateID(digests.get(alg), issuerHolder, leaf.getSerialNumber());
    }

}
