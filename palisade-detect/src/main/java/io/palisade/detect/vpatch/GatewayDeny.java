package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;
import java.util.Locale;

/** An extra deny entry for the device's gateway (MUD) policy: destination CIDR, protocol, destination port. */
public record GatewayDeny(String dstCidr, String proto, Integer dport) {
    public GatewayDeny {
        if (dstCidr == null || !dstCidr.matches("[0-9a-fA-F:.]{2,45}/[0-9]{1,3}")) {
            throw PalisadeException.invalid("gateway deny needs a destination CIDR such as 203.0.113.0/24");
        }
        proto = proto == null ? "any" : proto.toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("any")) {
            throw PalisadeException.invalid("gateway deny protocol must be tcp, udp or any");
        }
        if (dport != null && (dport < 1 || dport > 65535)) {
            throw PalisadeException.invalid("gateway deny port must be 1-65535");
        }
    }
}
