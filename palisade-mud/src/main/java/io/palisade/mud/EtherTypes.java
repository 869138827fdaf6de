package io.palisade.mud;

import java.util.Map;

/** The {@code ietf-ethertypes} enumeration names used by RFC 8519, with their values. */
final class EtherTypes {
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("ipv4", 0x0800), Map.entry("arp", 0x0806), Map.entry("wlan", 0x0842),
            Map.entry("trill", 0x22F3), Map.entry("srp", 0x22EA), Map.entry("decnet", 0x6003),
            Map.entry("rarp", 0x8035), Map.entry("appletalk", 0x809B), Map.entry("aarp", 0x80F3),
            Map.entry("vlan", 0x8100), Map.entry("ipx", 0x8137), Map.entry("qnx", 0x8204),
            Map.entry("ipv6", 0x86DD), Map.entry("efc", 0x8808), Map.entry("esp", 0x8809),
            Map.entry("cobranet", 0x8819), Map.entry("mpls-unicast", 0x8847), Map.entry("mpls-multicast", 0x8848),
            Map.entry("pppoe-discovery", 0x8863), Map.entry("pppoe-session", 0x8864),
            Map.entry("intel-ans", 0x886D), Map.entry("jumbo-frames", 0x8870), Map.entry("homeplug", 0x887B),
            Map.entry("eap", 0x888E), Map.entry("profinet", 0x8892), Map.entry("hyperscsi", 0x889A),
            Map.entry("aoe", 0x88A2), Map.entry("ethercat", 0x88A4), Map.entry("provider-bridging", 0x88A8),
            Map.entry("ethernet-powerlink", 0x88AB), Map.entry("goose", 0x88B8), Map.entry("gse", 0x88B9),
            Map.entry("sv", 0x88BA), Map.entry("lldp", 0x88CC), Map.entry("sercos", 0x88CD),
            Map.entry("wsmp", 0x88DC), Map.entry("homeplug-av-mme", 0x88E1), Map.entry("mrp", 0x88E3),
            Map.entry("macsec", 0x88E5), Map.entry("pbb", 0x88E7), Map.entry("cfm", 0x8902),
            Map.entry("fcoe", 0x8906), Map.entry("fcoe-ip", 0x8914), Map.entry("roce", 0x8915),
            Map.entry("tte", 0x891D), Map.entry("hsr", 0x892F));

    private EtherTypes() {
    }

    /** Value of an enumeration name (optionally {@code ietf-ethertypes:}-qualified), or null. */
    static Integer byName(String name) {
        String n = name.startsWith("ietf-ethertypes:") ? name.substring("ietf-ethertypes:".length()) : name;
        return BY_NAME.get(n);
    }
}
