package io.palisade.pki;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds CSRs, good and bad, with Bouncy Castle (the BC provider instance covers curves the JDK dropped). */
final class TestCsrs {
    private TestCsrs() {
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static KeyPair dsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static byte[] csr(KeyPair kp, String sigAlg, String subject, Extension... extensions) throws Exception {
        var b = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), kp.getPublic());
        if (extensions.length > 0) {
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(extensions));
        }
        return b.build(new JcaContentSignerBuilder(sigAlg).setProvider(Bc.PROVIDER).build(kp.getPrivate())).getEncoded();
    }
}
