package io.palisade.pki;

import io.palisade.core.PalisadeException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where relying parties find revocation information; both go into every device certificate (CRL distribution
 * point, RFC 5280 §4.2.1.13, and the OCSP access method of the authority information access, §4.2.2.1).
 */
public record CaUrls(String crlUrl, String ocspUrl) {
    public CaUrls {
        check("CRL URL", crlUrl);
        check("OCSP URL", ocspUrl);
    }

    private static void check(String what, String url) {
        if (url == null || url.length() > 2048) {
            throw PalisadeException.invalid(what + " must be an absolute http or https URL of at most 2048 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw PalisadeException.invalid(what + " must be an absolute http or https URL: " + url);
            }
        } catch (URISyntaxException e) {
            throw PalisadeException.invalid(what + " is not a valid URI: " + e.getReason());
        }
    }
}
