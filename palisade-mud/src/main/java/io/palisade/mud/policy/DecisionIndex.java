package io.palisade.mud.policy;

import io.palisade.mud.model.Direction;
import io.palisade.mud.net.Cidr;
import io.palisade.mud.net.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decision structure of one direction of a {@link PolicyTemplate}: for each indexed dimension of a flow it maps
 * the flow's value to a bit set of the ACEs that <em>can</em> match it (bit {@code i} = the {@code i}-th ACE in policy
 * order), the candidates are the AND of those sets, and the first candidate whose remaining conditions hold
 * ({@link CompiledAce#residualMatches}: device-side prefix and name, ICMP type and code) decides. Each set is exactly
 * the ACEs whose conditions of that dimension hold for the flow, so the result is the first matching ACE of the
 * linear scan ({@link CompiledPolicy#evaluateByScan}); the property tests check this against the
 * {@link NaiveEvaluator}.
 *
 * <p>Dimensions: IP version and protocol (a 512-entry row table, also carrying ethertype, family and never-matching
 * ACEs); who initiated the flow; source and destination port (hashed exact ports plus sorted interval boundaries for
 * ranges and negations, one binary search); the remote address (hashed exact addresses of the abstraction host sets,
 * sorted IPv4 / IPv6 interval boundaries of all remote-side prefixes); the remote-side DNS name (a hash of the names
 * in the ACEs, looked up with the flow's own name and with the names the live {@link DnsCache} has for the remote
 * address, with their expiry, from the same entries {@link DnsCache#contains} reads). Conditions on the device's side of
 * the flow (its own prefix or name) and ICMP fields are left to the last step. Every verdict is allocated once, here. Immutable and thread-safe after construction.
 */
final class DecisionIndex {
    private final CompiledAce[] aces;
    private final Verdict[] verdicts;
    /** Per ACE: conditions left after the lookups (see {@link CompiledAce#hasResidual}). */
    private final boolean[] residual;
    private final Verdict defaultDeny;
    private final DnsCache dns;
    private final boolean fromDevice;
    /** Bit-set words per row. */
    private final int w;

    private final short[] protoRow = new short[512];
    private final long[] protoMasks;
    /** Rows 0 (initiator unknown), 1 (by device), 2 (by remote). */
    private final long[] initMasks;
    private final PortIndex srcPorts;
    private final PortIndex dstPorts;
    private final AddressIndex remote;
    /** ACEs with a remote-side DNS-name condition, and the rows of the names. Null when there are none. */
    private final long[] dnsCond;
    private final long[] dnsFree;
    private final Map<String, Integer> nameRows;
    private final long[] nameMasks;

    DecisionIndex(CompiledAce[] aces, Direction direction, DnsCache dns) {
        this.aces = aces;
        this.dns = dns;
        this.fromDevice = direction == Direction.FROM_DEVICE;
        int n = aces.length;
        this.w = Math.max(1, (n + 63) >>> 6);
        verdicts = new Verdict[n];
        for (int i = 0; i < n; i++) {
            CompiledAce a = aces[i];
            verdicts[i] = new Verdict(a.allow ? Verdict.Decision.ALLOW : Verdict.Decision.DENY, a.acl, a.ace, direction);
        }
        defaultDeny = Verdict.defaultDeny(direction);
        residual = new boolean[n];
        for (int i = 0; i < n; i++) {
            residual[i] = aces[i].hasResidual(fromDevice);
        }

        // protocol and IP version (with family, ethertype and never-matching ACEs)
        Rows proto = new Rows(w);
        for (int key = 0; key < 512; key++) {
            boolean v6 = key >= 256;
            int protocol = key & 255;
            long[] m = new long[w];
            for (int i = 0; i < n; i++) {
                CompiledAce a = aces[i];
                int p = v6 ? a.protoV6 : a.protoV4;
                boolean ok = a.neverReason == null && !(a.family == 4 && v6 || a.family == 6 && !v6)
                        && (a.ethertype < 0 || a.ethertype == (v6 ? 0x86DD : 0x0800)) && (p < 0 || p == protocol);
                if (ok) {
                    set(m, i);
                }
            }
            protoRow[key] = (short) proto.add(m);
        }
        protoMasks = proto.flat();

        initMasks = new long[3 * w];
        int[] initiatedBy = {-1, CompiledAce.INIT_BY_DEVICE, CompiledAce.INIT_BY_REMOTE};
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < n; i++) {
                if (aces[i].initiated == CompiledAce.INIT_NONE || aces[i].initiated == initiatedBy[r]) {
                    initMasks[r * w + (i >>> 6)] |= 1L << i;
                }
            }
        }

        srcPorts = PortIndex.build(aces, w, true);
        dstPorts = PortIndex.build(aces, w, false);
        remote = AddressIndex.build(aces, w, fromDevice);

        // DNS names on the remote side
        long[] cond = new long[w];
        long[] free = new long[w];
        Map<String, long[]> byName = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = remoteName(aces[i]);
            if (name == null) {
                set(free, i);
            } else {
                set(cond, i);
                set(byName.computeIfAbsent(name, k -> new long[w]), i);
            }
        }
        if (byName.isEmpty()) {
            dnsCond = null;
            dnsFree = null;
            nameRows = Map.of();
            nameMasks = new long[0];
        } else {
            dnsCond = cond;
            dnsFree = free;
            Map<String, Integer> rows = new HashMap<>();
            nameMasks = new long[byName.size() * w];
            int r = 0;
            for (Map.Entry<String, long[]> e : byName.entrySet()) {
                System.arraycopy(e.getValue(), 0, nameMasks, r * w, w);
                rows.put(e.getKey(), r++);
            }
            nameRows = rows;
        }
    }

    private String remoteName(CompiledAce a) {
        return fromDevice ? a.dstDns : a.srcDns;
    }

    private static void set(long[] m, int i) {
        m[i >>> 6] |= 1L << i;
    }

    /** The verdict: the first ACE (in policy order) whose conditions all hold, else the default deny. */
    Verdict evaluate(Flow f, IpAddress remoteAddress, int initiatedBy) {
        int w = this.w;
        boolean v6 = f.v6();
        int pr = protoRow[(v6 ? 256 : 0) + f.protocol()] * w;
        int ir = (initiatedBy < 0 ? 0 : initiatedBy) * w;
        PortIndex sp = srcPorts;
        PortIndex dp = dstPorts;
        int sr = sp == null ? 0 : sp.row(f.srcPort()) * w;
        int dr = dp == null ? 0 : dp.row(f.dstPort()) * w;
        long any = 0;
        for (int k = 0; k < w; k++) {
            any |= protoMasks[pr + k] & initMasks[ir + k] & (sp == null ? -1L : sp.masks[sr + k])
                    & (dp == null ? -1L : dp.masks[dr + k]);
        }
        if (any == 0) {
            return defaultDeny;
        }
        AddressIndex ai = remote;
        int ar = ai == null ? 0 : ai.row(remoteAddress) * w;
        DnsCache.Answers answers = null;
        long now = Long.MIN_VALUE;
        for (int k = 0; k < w; k++) {
            long m = protoMasks[pr + k] & initMasks[ir + k] & (sp == null ? -1L : sp.masks[sr + k])
                    & (dp == null ? -1L : dp.masks[dr + k]) & (ai == null ? -1L : ai.masks[ar + k]);
            if (m == 0) {
                continue;
            }
            if (dnsCond != null && (m & dnsCond[k]) != 0) {
                long d = dnsFree[k];
                Integer own = nameRow(fromDevice ? f.dstName() : f.srcName());
                if (own != null) {
                    d |= nameMasks[own * w + k];
                }
                if (answers == null) {
                    answers = dns.answers(remoteAddress);
                }
                String[] names = answers.names();
                long[] expiries = answers.expiries();
                for (int j = 0; j < names.length; j++) {
                    Integer r = nameRows.get(names[j]);
                    if (r != null) {
                        long e = expiries[j];
                        if (e != Long.MAX_VALUE) {
                            if (now == Long.MIN_VALUE) {
                                now = dns.clock().millis();
                            }
                            if (e <= now) {
                                continue;
                            }
                        }
                        d |= nameMasks[r * w + k];
                    }
                }
                m &= d;
            }
            while (m != 0) {
                int i = (k << 6) + Long.numberOfTrailingZeros(m);
                if (!residual[i] || aces[i].residualMatches(f, fromDevice, dns)) {
                    return verdicts[i];
                }
                m &= m - 1;
            }
        }
        return defaultDeny;
    }

    private Integer nameRow(String name) {
        return name == null ? null : nameRows.get(name);
    }

    Verdict verdict(int aceIndex) {
        return verdicts[aceIndex];
    }

    Verdict defaultDeny() {
        return defaultDeny;
    }

    /** Distinct rows of {@code w} words, deduplicated. */
    private static final class Rows {
        private final int w;
        private final List<long[]> rows = new ArrayList<>();
        private final Map<List<Long>, Integer> seen = new HashMap<>();

        Rows(int w) {
            this.w = w;
        }

        int add(long[] m) {
            List<Long> key = Arrays.stream(m).boxed().toList();
            return seen.computeIfAbsent(key, k -> {
                rows.add(m.clone());
                return rows.size() - 1;
            });
        }

        long[] flat() {
            long[] out = new long[rows.size() * w];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r), 0, out, r * w, w);
            }
            return out;
        }
    }

    /**
     * Source or destination port → row. Exact ports ({@code eq}) are hashed; ranges and negations split 0..65535
     * into intervals (sorted starts, binary search); an absent port (-1) only admits ACEs without a port condition.
     */
    static final class PortIndex {
        private final int[] exactKeys;
        private final int[] exactRows;
        private final int mask;
        private final int[] starts;
        private final int[] startRows;
        private final int absentRow;
        /** Smallest and largest exact port (no probing outside), and the row when there is a single interval. */
        private final int minExact;
        private final int maxExact;
        private final int onlyRow;
        final long[] masks;

        private PortIndex(int[] exactKeys, int[] exactRows, int[] starts, int[] startRows, int absentRow, long[] masks) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int k : exactKeys) {
                if (k != -1) {
                    min = Math.min(min, k);
                    max = Math.max(max, k);
                }
            }
            this.minExact = min;
            this.maxExact = max;
            this.onlyRow = starts.length == 1 ? startRows[0] : -1;
            this.exactKeys = exactKeys;
            this.exactRows = exactRows;
            this.mask = exactKeys.length - 1;
            this.starts = starts;
            this.startRows = startRows;
            this.absentRow = absentRow;
            this.masks = masks;
        }

        /** Null when no ACE has a condition on this port. */
        static PortIndex build(CompiledAce[] aces, int w, boolean source) {
            int n = aces.length;
            boolean anyCondition = false;
            TreeSet<Integer> bounds = new TreeSet<>();
            bounds.add(0);
            Set<Integer> exact = new LinkedHashSet<>();
            for (CompiledAce a : aces) {
                if (source ? a.hasSrcPort : a.hasDstPort) {
                    anyCondition = true;
                    int lo = source ? a.srcLo : a.dstLo;
                    int hi = source ? a.srcHi : a.dstHi;
                    boolean neg = source ? a.srcNeg : a.dstNeg;
                    if (!neg && lo == hi) {
                        exact.add(lo);
                    } else {
                        bounds.add(Math.max(0, lo));
                        if (hi + 1 <= 65535) {
                            bounds.add(Math.max(0, hi + 1));
                        }
                    }
                }
            }
            if (!anyCondition) {
                return null;
            }
            Rows rows = new Rows(w);
            long[] absent = new long[w];
            for (int i = 0; i < n; i++) {
                if (!(source ? aces[i].hasSrcPort : aces[i].hasDstPort)) {
                    set(absent, i);
                }
            }
            int absentRow = rows.add(absent);
            int[] starts = bounds.stream().mapToInt(Integer::intValue).toArray();
            int[] startRows = new int[starts.length];
            for (int s = 0; s < starts.length; s++) {
                startRows[s] = rows.add(sat(aces, w, source, starts[s], false));
            }
            int size = Integer.highestOneBit(Math.max(1, exact.size() * 2 - 1)) * 2;
            int[] keys = new int[size];
            int[] keyRows = new int[size];
            Arrays.fill(keys, -1);
            for (int port : exact) {
                int slot = hash(port) & (size - 1);
                while (keys[slot] != -1) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[slot] = port;
                keyRows[slot] = rows.add(sat(aces, w, source, port, true));
            }
            return new PortIndex(keys, keyRows, starts, startRows, absentRow, rows.flat());
        }

        /** ACEs whose port condition holds for {@code port}; exact-port ACEs only when {@code withExact}. */
        private static long[] sat(CompiledAce[] aces, int w, boolean source, int port, boolean withExact) {
            long[] m = new long[w];
            for (int i = 0; i < aces.length; i++) {
                CompiledAce a = aces[i];
                boolean ok;
                if (!(source ? a.hasSrcPort : a.hasDstPort)) {
                    ok = true;
                } else {
                    int lo = source ? a.srcLo : a.dstLo;
                    int hi = source ? a.srcHi : a.dstHi;
                    boolean neg = source ? a.srcNeg : a.dstNeg;
                    boolean exactAce = !neg && lo == hi;
                    ok = (exactAce ? withExact : true) && (port >= lo && port <= hi) != neg;
                }
                if (ok) {
                    set(m, i);
                }
            }
            return m;
        }

        private static int hash(int port) {
            int h = port * 0x9E3779B1;
            return h ^ (h >>> 16);
        }

        int row(int port) {
            if (port < 0) {
                return absentRow;
            }
            if (port >= minExact && port <= maxExact) {
                int slot = hash(port) & mask;
                int k;
                while ((k = exactKeys[slot]) != -1) {
                    if (k == port) {
                        return exactRows[slot];
                    }
                    slot = (slot + 1) & mask;
                }
            }
            if (onlyRow >= 0) {
                return onlyRow;
            }
            int[] s = starts;
            int lo = 0;
            int hi = s.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (s[mid] <= port) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return startRows[lo];
        }
    }

    /**
     * Remote address → row. Hosts named by the abstraction sets are hashed (their rows are exact); any other address
     * takes the row of its interval between consecutive prefix boundaries (IPv4 and IPv6 apart), where no host set
     * can contain it and every prefix either contains the whole interval or none of it.
     */
    static final class AddressIndex {
        private final long[] hostHi;
        private final long[] hostLo;
        private final boolean[] hostV6;
        private final boolean[] hostUsed;
        private final int[] hostRows;
        private final int hostMask;
        private final long[] v4Starts;
        private final int[] v4Rows;
        private final long[] v6StartHi;
        private final long[] v6StartLo;
        private final int[] v6Rows;
        final long[] masks;

        private AddressIndex(long[] hostHi, long[] hostLo, boolean[] hostV6, boolean[] hostUsed, int[] hostRows,
                             long[] v4Starts, int[] v4Rows, long[] v6StartHi, long[] v6StartLo, int[] v6Rows,
                             long[] masks) {
            this.hostHi = hostHi;
            this.hostLo = hostLo;
            this.hostV6 = hostV6;
            this.hostUsed = hostUsed;
            this.hostRows = hostRows;
            this.hostMask = hostHi.length - 1;
            this.v4Starts = v4Starts;
            this.v4Rows = v4Rows;
            this.v6StartHi = v6StartHi;
            this.v6StartLo = v6StartLo;
            this.v6Rows = v6Rows;
            this.masks = masks;
        }

        private static Cidr remoteNet(CompiledAce a, boolean fromDevice) {
            return fromDevice ? a.dstNet : a.srcNet;
        }

        /** Null when no ACE has a remote-address condition. */
        static AddressIndex build(CompiledAce[] aces, int w, boolean fromDevice) {
            Set<IpAddress> hosts = new LinkedHashSet<>();
            List<Cidr> prefixes = new ArrayList<>();
            boolean any = false;
            for (CompiledAce a : aces) {
                Cidr net = remoteNet(a, fromDevice);
                if (net != null) {
                    prefixes.add(net);
                    any = true;
                }
                for (CompiledAce.RemoteSet r : a.remote) {
                    any = true;
                    hosts.addAll(r.hosts());
                    prefixes.addAll(Arrays.asList(r.prefixes()));
                }
            }
            if (!any) {
                return null;
            }
            Rows rows = new Rows(w);
            // IPv4 intervals
            TreeSet<Long> b4 = new TreeSet<>();
            b4.add(0L);
            // IPv6 intervals, as unsigned (hi, lo) pairs
            TreeSet<long[]> b6 = new TreeSet<>(AddressIndex::compareUnsigned);
            b6.add(new long[] {0, 0});
            for (Cidr c : prefixes) {
                if (!c.v6()) {
                    b4.add(c.lo());
                    long end = c.lo() + (1L << (32 - c.prefix()));
                    if (end <= 0xFFFF_FFFFL) {
                        b4.add(end);
                    }
                } else {
                    b6.add(new long[] {c.hi(), c.lo()});
                    long[] end = plusBlock(c.hi(), c.lo(), c.prefix());
                    if (end != null) {
                        b6.add(end);
                    }
                }
            }
            long[] v4Starts = b4.stream().mapToLong(Long::longValue).toArray();
            int[] v4Rows = new int[v4Starts.length];
            for (int i = 0; i < v4Starts.length; i++) {
                v4Rows[i] = rows.add(sat(aces, w, fromDevice, new IpAddress(false, 0, v4Starts[i]), false));
            }
            long[] v6Hi = new long[b6.size()];
            long[] v6Lo = new long[b6.size()];
            int[] v6Rows = new int[b6.size()];
            int j = 0;
            for (long[] s : b6) {
                v6Hi[j] = s[0];
                v6Lo[j] = s[1];
                v6Rows[j] = rows.add(sat(aces, w, fromDevice, new IpAddress(true, s[0], s[1]), false));
                j++;
            }
            int size = Integer.highestOneBit(Math.max(1, hosts.size() * 2 - 1)) * 2;
            long[] hh = new long[size];
            long[] hl = new long[size];
            boolean[] h6 = new boolean[size];
            boolean[] used = new boolean[size];
            int[] hr = new int[size];
            for (IpAddress h : hosts) {
                int slot = hash(h.v6(), h.hi(), h.lo()) & (size - 1);
                while (used[slot]) {
                    slot = (slot + 1) & (size - 1);
                }
                used[slot] = true;
                hh[slot] = h.hi();
                hl[slot] = h.lo();
                h6[slot] = h.v6();
                hr[slot] = rows.add(sat(aces, w, fromDevice, h, true));
            }
            return new AddressIndex(hh, hl, h6, used, hr, v4Starts, v4Rows, v6Hi, v6Lo, v6Rows, rows.flat());
        }

        /** The first address after the prefix block, or null when the block ends the address space. */
        private static long[] plusBlock(long hi, long lo, int prefix) {
            if (prefix == 0) {
                return null;
            }
            if (prefix <= 64) {
                long next = hi + (1L << (64 - prefix));
                return Long.compareUnsigned(next, hi) <= 0 ? null : new long[] {next, 0};
            }
            long nextLo = lo + (1L << (128 - prefix));
            if (Long.compareUnsigned(nextLo, lo) > 0) {
                return new long[] {hi, nextLo};
            }
            return hi == -1L ? null : new long[] {hi + 1, nextLo};
        }

        private static int compareUnsigned(long[] a, long[] b) {
            int c = Long.compareUnsigned(a[0], b[0]);
            return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
        }

        /** ACEs whose remote-address conditions hold for {@code a}; host sets count only when {@code withHosts}. */
        private static long[] sat(CompiledAce[] aces, int w, boolean fromDevice, IpAddress a, boolean withHosts) {
            long[] m = new long[w];
            for (int i = 0; i < aces.length; i++) {
                CompiledAce ace = aces[i];
                Cidr net = remoteNet(ace, fromDevice);
                boolean ok = net == null || net.contains(a);
                for (CompiledAce.RemoteSet r : ace.remote) {
                    if (!ok) {
                        break;
                    }
                    boolean in = withHosts && r.hosts().contains(a);
                    for (Cidr c : r.prefixes()) {
                        in |= c.contains(a);
                    }
                    ok = in;
                }
                if (ok) {
                    set(m, i);
                }
            }
            return m;
        }

        private static int hash(boolean v6, long hi, long lo) {
            long h = (hi * 0x9E3779B97F4A7C15L) ^ lo ^ (v6 ? 0x5bd1e995L : 0);
            h *= 0xC2B2AE3D27D4EB4FL;
            return (int) (h ^ (h >>> 32));
        }

        int row(IpAddress a) {
            boolean v6 = a.v6();
            long hi = a.hi();
            long lo = a.lo();
            int slot = hash(v6, hi, lo) & hostMask;
            while (hostUsed[slot]) {
                if (hostLo[slot] == lo && hostHi[slot] == hi && hostV6[slot] == v6) {
                    return hostRows[slot];
                }
                slot = (slot + 1) & hostMask;
            }
            if (!v6) {
                long[] s = v4Starts;
                int l = 0;
                int h = s.length - 1;
                while (l < h) {
                    int mid = (l + h + 1) >>> 1;
                    if (s[mid] <= lo) {
                        l = mid;
                    } else {
                        h = mid - 1;
                    }
                }
                return v4Rows[l];
            }
            long[] sh = v6StartHi;
            long[] sl = v6StartLo;
            int l = 0;
            int h = sh.length - 1;
            while (l < h) {
                int mid = (l + h + 1) >>> 1;
                int c = Long.compareUnsigned(sh[mid], hi);
                if (c < 0 || c == 0 && Long.compareUnsigned(sl[mid], lo) <= 0) {
                    l = mid;
                } else {
                    h = mid - 1;
                }
            }
            return v6Rows[l];
        }
    }
}
