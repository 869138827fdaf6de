package io.palisade.core.registry;

import io.palisade.core.device.*;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate stand-in for domain tests (core has no certificate builder): it carries a serial, a validity
 * period, a key, the device id it names and, for IDevIDs, the CA it claims to chain to. Nothing is signed.
 */
final class FakeCertificate extends X509Certificate {
    final BigInteger serial;
    final Instant notBefore;
    final Instant notAfter;
    final PublicKey key;
    final DeviceId names;
    final X509Certificate issuedBy;

    FakeCertificate(BigInteger serial, Instant notBefore, Instant notAfter, PublicKey key, DeviceId names, X509Certificate issuedBy) {
        this.serial = serial;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.key = key;
        this.names = names;
        this.issuedBy = issuedBy;
    }

    @Override
    public BigInteger getSerialNumber() {
        return serial;
    }

    @Override
    public Date getNotBefore() {
        return Date.from(notBefore);
    }

    @Override
    public Date getNotAfter() {
        return Date.from(notAfter);
    }

    @Override
    public PublicKey getPublicKey() {
        return key;
    }

    @Override
    public byte[] getEncoded() {
        return ("fake certificate " + serial + " for " + names).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void checkValidity() {
    }

    @Override
    public void checkValidity(Date date) {
    }

    @Override
    public int getVersion() {
        return 3;
    }

    @Override
    public Principal getIssuerDN() {
        return getIssuerX500Principal();
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return new X500Principal("CN=Fake CA");
    }

    @Override
    public Principal getSubjectDN() {
        return new X500Principal("CN=" + names);
    }

    @Override
    public byte[] getTBSCertificate() {
        return getEncoded();
    }

    @Override
    public byte[] getSignature() {
        return new byte[0];
    }

    @Override
    public String getSigAlgName() {
        return "none";
    }

    @Override
    public String getSigAlgOID() {
        return "0.0";
    }

    @Override
    public byte[] getSigAlgParams() {
        return null;
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return null;
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return null;
    }

    @Override
    public boolean[] getKeyUsage() {
        return null;
    }

    @Override
    public int getBasicConstraints() {
        return -1;
    }

    @Override
    public void verify(PublicKey key) {
    }

    @Override
    public void verify(PublicKey key, String sigProvider) {
    }

    @Override
    public String toString() {
        return "FakeCertificate(" + serial + ", " + names + ")";
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return false;
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return Set.of();
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return Set.of();
    }

    @Override
    public byte[] getExtensionValue(String oid) {
        return null;
    }
}
