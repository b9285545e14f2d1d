package com.flowtriq.ftagent.count;

import java.util.Arrays;

/**
 * Fixed-capacity Space-Saving heavy-hitter sketch (Metwally, Agrawal, El Abbadi 2005) over 64-bit keys, counting
 * packets (the ranking weight) and bytes.
 *
 * <p>Up to {@code K} keys are monitored. A packet of a monitored key increments its counters. A packet of a new key
 * takes a free entry while there is one; otherwise it evicts an entry with the fewest packets, inherits that count
 * plus one, and records the inherited count as its error. Hence, for every monitored key,
 * {@code packets - error <= true packets <= packets}, and any key whose true count exceeds {@code N / K}
 * (N = packets offered) is monitored. Bytes are those seen while the key was monitored (a lower bound): inheriting
 * the evicted key's bytes would bound nothing.
 *
 * <p><b>Admission policy.</b> With {@link Admission#ALWAYS} (exact Space-Saving, above) every packet of an
 * unmonitored key evicts, which under a spoofed flood (random sources, random ports) is nearly every packet: the
 * minimum walk and the index delete and insert on each of them dominated the cost of counting. With
 * {@link Admission#RANDOMIZED} (RAP, Ben Basat, Einziger, Friedman, Kassner 2017) an unmonitored key replaces the
 * minimum only with probability {@code 1 / (min + 1)}; otherwise its packet is counted in {@link #offered()} but by
 * no entry. A key it admits inherits {@code min + 1} with error {@code min}, as in Space-Saving, so
 * {@code packets - error <= true packets} still holds for every entry: it counts one admitted packet plus the hits
 * while monitored. The upper bound {@code true packets <= packets} no longer holds strictly (a key may miss
 * admission a few times), and neither does {@code offered() == sum of packets}. A heavy key is admitted after about
 * {@code min + 1} of its packets and then kept, since the flood's entries stay near the minimum; a one-packet
 * spoofed source keeps a lower bound of 1. Under a flood the minimum grows to about {@code N / K}. The probability
 * uses {@code floor} (below), which is never above the minimum: a floor left behind by hits admits more often,
 * until the walk of the next admission raises it. Since {@code floor} changes only when a key is admitted, the
 * number of misses up to and including the next admission is geometric with parameter {@code 1 / (floor + 1)}, and
 * the sketch draws that number once per admission instead of one coin per miss: after a short start almost every
 * miss costs one index probe and one decrement. The random stream is a per-sketch xorshift64 with a fixed seed, so
 * runs are deterministic.
 *
 * <p><b>Finding a minimum without a heap.</b> The sketch keeps {@code floor}, a value never above the smallest count,
 * and a cursor that walks the entries round-robin. To evict, it walks from the cursor to the next entry whose count
 * equals {@code floor}; that entry holds the true minimum, since no count is below {@code floor}. If a whole lap
 * finds none, {@code floor} is raised to the true minimum (one more lap) and the walk resumes. An increment of a
 * monitored key is then a plain add with no reordering, and under a flood of new keys (spoofed sources), where the
 * counts rise together, an eviction usually finds its entry in a step or two; the worst case is two laps of K.
 * The choice among equal minima depends only on the input, so runs are deterministic.
 *
 * <p><b>Storage</b> is preallocated, in two arrays. {@code rows} holds one row of four longs per entry
 * (packets, bytes, key, error), so a hit reads and writes one row instead of four arrays; entry {@code e} is row
 * {@code e + 1}, row 0 is unused so that 0 can mean "empty" in the index. {@code index} is an open-addressing table
 * of row numbers (linear probing, at most 1/32 full so that most probes end at the home slot, backward-shift
 * deletion); a probe compares the key in the row it names. Each entry knows its index slot. An {@code int} per slot
 * keeps the index of the default K = 32 at 4 KiB.
 *
 * <pre>
 *   rows:  | (unused) | entry 0: packets bytes key error | entry 1: packets bytes key error | ... | entry K-1 |
 *   index: [0][0][3][0][0][1][0] ... [0]      row numbers; home slot = top bits of key * (2^64 / phi)
 * </pre>
 *
 * <p>Threading: single writer (the counting worker that owns the bank); read by the detector only after the bank
 * has been retired (see {@link DoubleBufferedCounters}).
 */
public final class SpaceSavingSketch
{
    /** Default number of monitored keys. */
    public static final int DEFAULT_CAPACITY = 32;

    private static final long FIBONACCI_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    private static final long RANDOM_SEED = 0x2545_F491_4F6C_DD1DL;

    /** What an unmonitored key does when the sketch is full. */
    public enum Admission
    {
        /** Exact Space-Saving: always replace the minimum; both bounds hold. */
        ALWAYS,
        /** RAP: replace the minimum with probability {@code 1 / (min + 1)}; only the lower bound holds. */
        RANDOMIZED
    }

    /** A row: four longs, {@code 1 << ROW_SHIFT}. */
    private static final int ROW_SHIFT = 2;
    private static final int PACKETS = 0;
    private static final int BYTES = 1;
    private static final int KEY = 2;
    private static final int ERROR = 3;
    /** Index slots per entry (at least): a load of at most 1/32, which measured a few percent faster than 1/16. */
    private static final int INDEX_SLOTS_PER_ENTRY = 32;

    private final int capacity;
    private final long[] rows;
    private final int[] slotOfRow;
    private final boolean randomized;

    private final int[] index;
    private final int indexMask;
    private final int indexShift;

    private int size;
    private int cursor;
    private long floor;
    /**
     * Offers that found their key unmonitored (admitted or not), up to the last admission; those since are
     * {@code countdownLength - missesToAdmission}. Counted per admission so that a miss costs a decrement only.
     */
    private long misses;
    /** Hits of entries since evicted: with the hits of the current entries and the misses, {@link #offered()}. */
    private long evictedHits;
    private long evictions;
    private long random = RANDOM_SEED;
    /**
     * Misses left until the next admission, that one included: 1 while the sketch has a free entry and always with
     * {@link Admission#ALWAYS} (every miss admits), a geometric draw once a randomized sketch is full.
     */
    private long missesToAdmission = 1;
    /** The value {@link #missesToAdmission} started from at the last admission (or clear). */
    private long countdownLength = 1;

    /** An exact Space-Saving sketch ({@link Admission#ALWAYS}). */
    public SpaceSavingSketch(final int capacity)
    {
        this(capacity, Admission.ALWAYS);
    }

    public SpaceSavingSketch(final int capacity, final Admission admission)
    {
        if (capacity < 1 || capacity > (1 << 20))
        {
            throw new IllegalArgumentException("capacity=" + capacity + " not in [1, 2^20]");
        }
        this.capacity = capacity;
        this.randomized = admission == Admission.RANDOMIZED;
        rows = new long[(capacity + 1) << ROW_SHIFT];
        slotOfRow = new int[capacity + 1];

        final int indexLength = Math.max(16, Integer.highestOneBit(capacity * INDEX_SLOTS_PER_ENTRY - 1) << 1);
        index = new int[indexLength];
        indexMask = indexLength - 1;
        indexShift = 64 - Integer.numberOfTrailingZeros(indexLength);
    }

    public int capacity()
    {
        return capacity;
    }

    /** Number of monitored keys. */
    public int size()
    {
        return size;
    }

    /** How an unmonitored key is admitted when the sketch is full. */
    public Admission admission()
    {
        return randomized ? Admission.RANDOMIZED : Admission.ALWAYS;
    }

    /**
     * Packets offered since the last {@link #clear()}. With {@link Admission#ALWAYS} the sum of all entries' packet
     * counts; with {@link Admission#RANDOMIZED} the packets not admitted are in this total only. Cold path (a scan
     * of the entries).
     */
    public long offered()
    {
        // An entry counts 1 for the offer that admitted it (a miss) plus 1 per hit: its hits are
        // packets - error - 1. Deriving the total here keeps a counter increment off the hit path.
        long hits = evictedHits;
        final long[] rows = this.rows;
        for (int row = 1; row <= size; row++)
        {
            hits += rows[(row << ROW_SHIFT) + PACKETS] - rows[(row << ROW_SHIFT) + ERROR] - 1;
        }
        return misses + (countdownLength - missesToAdmission) + hits;
    }

    /** Number of times a key was evicted to admit another: with {@link Admission#RANDOMIZED}, those admitted. */
    public long evictions()
    {
        return evictions;
    }

    /**
     * Packet count of the least-counted entry when the sketch is full, else 0: the error bound of an absent key
     * with {@link Admission#ALWAYS}; with {@link Admission#RANDOMIZED} an absent key has most likely been seen fewer
     * times, but that is not guaranteed. Cold path (a scan of the entries).
     */
    public long minPackets()
    {
        if (size < capacity)
        {
            return 0;
        }
        long smallest = Long.MAX_VALUE;
        for (int row = 1; row <= size; row++)
        {
            smallest = Math.min(smallest, rows[(row << ROW_SHIFT) + PACKETS]);
        }

        return smallest;
    }

    /** Key of entry {@code entry} (0 .. size-1, unordered). */
    public long key(final int entry)
    {
        return rows[((entry + 1) << ROW_SHIFT) + KEY];
    }

    public long packets(final int entry)
    {
        return rows[((entry + 1) << ROW_SHIFT) + PACKETS];
    }

    public long bytes(final int entry)
    {
        return rows[((entry + 1) << ROW_SHIFT) + BYTES];
    }

    /** Packets the entry may have inherited at admission: {@code packets - error} is a lower bound. */
    public long error(final int entry)
    {
        return rows[((entry + 1) << ROW_SHIFT) + ERROR];
    }

    /**
     * Counts one packet of {@code wireLength} bytes for {@code key}. A monitored key costs one index probe (usually)
     * and two adds to its row; under randomized admission an unmonitored key of a full sketch costs the probe and a
     * decrement unless it is the one admitted. Hit and miss stay separate branches: a branch-free form that added
     * every miss to a sink row measured much slower (each miss then read and wrote the same sink row).
     */
    public void offer(final long key, final int wireLength)
    {
        final long[] rows = this.rows;
        final int[] index = this.index;
        int slot = home(key);
        int row;
        while ((row = index[slot]) != 0)
        {
            final int base = row << ROW_SHIFT;
            if (rows[base + KEY] == key)
            {
                rows[base + PACKETS]++;
                rows[base + BYTES] += wireLength;
                return;
            }
            slot = (slot + 1) & indexMask;
        }

        // One field for "not full", "exact" and "not yet this miss's turn": see missesToAdmission.
        if (--missesToAdmission > 0)
        {
            return;
        }
        admit(key, wireLength, slot);
    }

    /** Forgets every key. */
    public void clear()
    {
        Arrays.fill(index, 0);
        size = 0;
        cursor = 0;
        floor = 0;
        misses = 0;
        missesToAdmission = 1;
        countdownLength = 1;
        evictedHits = 0;
        evictions = 0;
        // The random stream goes on across clears: restarting it would admit at the same positions every second.
    }

    private void admit(final long key, final int wireLength, final int freeSlot)
    {
        final long[] rows = this.rows;
        misses += countdownLength;
        if (size < capacity)
        {
            final int row = ++size;
            final int base = row << ROW_SHIFT;
            rows[base + KEY] = key;
            rows[base + PACKETS] = 1;
            rows[base + BYTES] = wireLength;
            rows[base + ERROR] = 0;
            index[freeSlot] = row;
            slotOfRow[row] = freeSlot;
            // 1 is the smallest count there is, so the floor stays at or below every count.
            floor = 1;
            startCountdown(randomized && size == capacity ? drawMissesToAdmission() : 1);
            return;
        }

        final int row = minimumEntry() + 1;
        final int base = row << ROW_SHIFT;
        removeFromIndex(slotOfRow[row]);
        evictions++;
        final long inherited = rows[base + PACKETS];
        evictedHits += inherited - rows[base + ERROR] - 1;
        rows[base + KEY] = key;
        rows[base + ERROR] = inherited;
        rows[base + PACKETS] = inherited + 1;
        rows[base + BYTES] = wireLength;

        // The deletion may have shifted entries into the probe path, so find the free slot again.
        final int[] index = this.index;
        int slot = home(key);
        while (index[slot] != 0)
        {
            slot = (slot + 1) & indexMask;
        }
        index[slot] = row;
        slotOfRow[row] = slot;
        startCountdown(randomized ? drawMissesToAdmission() : 1);
    }

    private void startCountdown(final long missesUntilAdmission)
    {
        missesToAdmission = missesUntilAdmission;
        countdownLength = missesUntilAdmission;
    }

    /**
     * The number of misses up to and including the next admission, each admitting with probability
     * {@code p = 1 / (floor + 1)}: {@code ceil(ln u / ln(1 - p))} for a uniform {@code u} in (0, 1], which is at most
     * {@code k} with probability {@code 1 - (1 - p)^k}. The uniform comes from a xorshift64 step (Marsaglia 2003).
     * Once per admission.
     */
    private long drawMissesToAdmission()
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;

        final double uniform = ((x >>> 11) + 1) * 0x1.0p-53;
        final double misses = Math.ceil(Math.log(uniform) / Math.log1p(-1.0 / (floor + 1)));
        // u = 1, or a floor of 0 (never once full: p = 1), gives 0 misses: admit at the next miss.
        return misses >= 1 ? (long)misses : 1;
    }

    /** An entry with the smallest count, found from the cursor; see the class comment. Sketch full. */
    private int minimumEntry()
    {
        final long[] rows = this.rows;
        final int capacity = this.capacity;
        int entry = cursor;
        for (int step = 0; step < capacity; step++)
        {
            final int candidate = entry;
            entry = entry + 1 == capacity ? 0 : entry + 1;
            if (rows[((candidate + 1) << ROW_SHIFT) + PACKETS] == floor)
            {
                cursor = entry;
                return candidate;
            }
        }

        // No count equals the floor: raise it to the true minimum, which the next lap finds.
        long smallest = Long.MAX_VALUE;
        for (int row = 1; row <= capacity; row++)
        {
            smallest = Math.min(smallest, rows[(row << ROW_SHIFT) + PACKETS]);
        }
        floor = smallest;
        for (int step = 0; step < capacity; step++)
        {
            final int candidate = entry;
            entry = entry + 1 == capacity ? 0 : entry + 1;
            if (rows[((candidate + 1) << ROW_SHIFT) + PACKETS] == smallest)
            {
                cursor = entry;
                return candidate;
            }
        }

        throw new IllegalStateException("no entry holds the minimum " + smallest);
    }

    /** Backward-shift deletion of index slot {@code slot}: later members of its probe run move into the hole. */
    private void removeFromIndex(final int slot)
    {
        final long[] rows = this.rows;
        final int[] index = this.index;
        final int[] slotOfRow = this.slotOfRow;
        final int mask = indexMask;
        int hole = slot;
        int next = (hole + 1) & mask;
        int row;
        while ((row = index[next]) != 0)
        {
            final int nextHome = home(rows[(row << ROW_SHIFT) + KEY]);
            if (((next - nextHome) & mask) >= ((next - hole) & mask))
            {
                index[hole] = row;
                slotOfRow[row] = hole;
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = 0;
    }

    /** The index slot where the probe for {@code key} starts; for tests that build long probe runs. */
    int homeSlot(final long key)
    {
        return home(key);
    }

    private int home(final long key)
    {
        return (int)((key * FIBONACCI_MULTIPLIER) >>> indexShift);
    }
}
