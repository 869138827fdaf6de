package io.palisade.mud.policy;

import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What the compiler needs to know about the site to resolve the RFC 8520 abstractions. The functions let a
 * registry answer live; they may return {@code null} or an empty set for "unknown" (the ACE then never matches).
 *
 * @param localNetworks prefixes of the site's local networks ({@code local-networks})
 * @param controllers   controller class URI (e.g. {@code urn:ietf:params:mud:dns}) → addresses ({@code controller})
 * @param myControllers a device's MUD URL → addresses of the controllers configured for it ({@code my-controller})
 * @param manufacturers MUD URL authority (lower-case host) → addresses of devices whose MUD URL has that authority
 *                      ({@code manufacturer}, {@code same-manufacturer})
 * @param models        MUD URL → addresses of devices using that MUD URL ({@code model})
 */
public record SiteContext(List<Cidr> localNetworks, Function<URI, Set<IpAddress>> controllers,
                          Function<URI, Set<IpAddress>> myControllers, Function<String, Set<IpAddress>> manufacturers,
                          Function<URI, Set<IpAddress>> models) {

    public SiteContext {
        localNetworks = List.copyOf(localNetworks);
        Objects.requireNonNull(controllers, "controllers");
        Objects.requireNonNull(myControllers, "myControllers");
        Objects.requireNonNull(manufacturers, "manufacturers");
        Objects.requireNonNull(models, "models");
    }

    /** A site that knows nothing: every abstraction resolves to no address. */
    public static SiteContext empty() {
        return new SiteContext(List.of(), u -> Set.of(), u -> Set.of(), h -> Set.of(), u -> Set.of());
    }

    /** A site from fixed maps (copied). */
    public static SiteContext of(List<Cidr> localNetworks, Map<URI, Set<IpAddress>> controllers,
                                 Map<URI, Set<IpAddress>> myControllers, Map<String, Set<IpAddress>> manufacturers,
                                 Map<URI, Set<IpAddress>> models) {
        Map<URI, Set<IpAddress>> c = Map.copyOf(controllers);
        Map<URI, Set<IpAddress>> my = Map.copyOf(myControllers);
        Map<String, Set<IpAddress>> mf = Map.copyOf(manufacturers);
        Map<URI, Set<IpAddress>> md = Map.copyOf(models);
        return new SiteContext(localNetworks, u -> c.getOrDefault(u, Set.of()), u -> my.getOrDefault(u, Set.of()),
                h -> mf.getOrDefault(h, Set.of()), u -> md.getOrDefault(u, Set.of()));
    }

    /** This site with {@code my-controller} answered by {@code myControllers} (MUD URL → addresses). */
    public SiteContext withMyControllers(Function<URI, Set<IpAddress>> myControllers) {
        return new SiteContext(localNetworks, controllers, myControllers, manufacturers, models);
    }

    /**
     * A site from a site file plus live registry lookups: {@code manufacturer} / {@code same-manufacturer} and
     * {@code model} resolve to the union of the site file's static entries and what the registry answers now for
     * the devices it manages. The functions may return null (treated as empty).
     *
     * @param devicesByManufacturer MUD URL authority (lower-case host) → addresses of managed devices whose MUD URL
     *                              has that authority
     * @param devicesByMudUrl       MUD URL → addresses of managed devices with that MUD URL
     */
    public static SiteContext withRegistry(SiteFile.Site site, Function<String, Set<IpAddress>> devicesByManufacturer,
                                           Function<URI, Set<IpAddress>> devicesByMudUrl) {
        Objects.requireNonNull(devicesByManufacturer, "devicesByManufacturer");
        Objects.requireNonNull(devicesByMudUrl, "devicesByMudUrl");
        SiteContext base = site.context();
        return new SiteContext(base.localNetworks(), base.controllers(), base.myControllers(),
                h -> union(base.manufacturers().apply(h), devicesByManufacturer.apply(h)),
                u -> union(base.models().apply(u), devicesByMudUrl.apply(u)));
    }

    private static Set<IpAddress> union(Set<IpAddress> a, Set<IpAddress> b) {
        if (a == null || a.isEmpty()) {
            return b == null ? Set.of() : b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        Set<IpAddress> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
