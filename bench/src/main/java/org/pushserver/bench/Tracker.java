package org.pushserver.bench;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accounts for every delivery: which push (sequence number) reached which socket, when.
 *
 * <p>Push {@code seq} names the tokens of block {@code seq % blocks}; a socket of a token in block {@code b}
 * must therefore get exactly the pushes with {@code seq % blocks == b}, and keeps a bit set indexed by
 * {@code seq / blocks}: a second bit set is a duplicate, a push of another block is misrouted, an expected
 * push never seen is a loss. The marker {@code %seq|sendNanos%} sits in the pushed {@code data}.
 */
final class Tracker {
    static final byte MARK = '%';

    final int blocks;
    final LongAdder unique = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder misrouted = new LongAdder();
    final LongAdder unparsable = new LongAdder();
    final LongAdder expected = new LongAdder();
    final LongAccumulator lastDeliveryNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);

    /** Latencies are recorded for pushes sent within [windowStart, windowEnd). */
    volatile long windowStart = Long.MAX_VALUE;
    volatile long windowEnd = Long.MAX_VALUE;

    Tracker(int blocks) {
        this.blocks = blocks;
    }

    /** Called on the socket's event loop with the text of a {@code 42["receive_message",...]} frame. */
    void onMessage(WsFleet.SocketState s, ByteBuf frame, Latencies lat) {
        long now = System.nanoTime();
        int from = frame.readerIndex();
        int to = frame.writerIndex();
        int i = frame.indexOf(from, to, MARK);
        if (i < 0) {
            unparsable.increment();
            return;
        }
        long seq = 0;
        int p = i + 1;
        byte b;
        while (p < to && (b = frame.getByte(p)) != '|') {
            seq = seq * 10 + (b - '0');
            p++;
        }
        long sent = 0;
        p++;
        while (p < to && (b = frame.getByte(p)) != MARK) {
            sent = sent * 10 + (b - '0');
            p++;
        }
        if (p >= to) {
            unparsable.increment();
            return;
        }
        if ((int) (seq % blocks) != s.block) {
            misrouted.increment();
            return;
        }
        int local = (int) (seq / blocks);
        if (s.seen.get(local)) {
            duplicates.increment();
            return;
        }
        s.seen.set(local);
        unique.increment();
        lastDeliveryNanos.accumulate(now);
        if (sent >= windowStart && sent < windowEnd) {
            lat.record(now - sent);
        }
    }

    /** A growable array of latencies in microseconds, one per event-loop thread (single writer). */
    static final class Latencies {
        private int[] us = new int[1 << 16];
        private int n;

        synchronized void record(long nanos) {
            if (n == us.length) {
                us = Arrays.copyOf(us, n * 2);
            }
            us[n++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000));
        }

        synchronized int[] snapshot() {
            return Arrays.copyOf(us, n);
        }

        synchronized void clear() {
            n = 0;
        }
    }

    /** p50/p99/p999/max in milliseconds over several per-thread arrays. */
    static double[] percentilesMs(int[][] parts) {
        int total = 0;
        for (int[] p : parts) {
            total += p.length;
        }
        if (total == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0};
        }
        int[] all = new int[total];
        int o = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        Arrays.sort(all);
        return new double[] {
            at(all, 0.50) / 1000.0, at(all, 0.99) / 1000.0, at(all, 0.999) / 1000.0, all[total - 1] / 1000.0, total};
    }

    private static int at(int[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
