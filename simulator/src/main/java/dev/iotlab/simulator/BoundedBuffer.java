package dev.iotlab.simulator;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * FIFO with a fixed capacity for readings that wait for the broker or the database. When full the oldest entry is
 * dropped: never silently, each drop is counted and logged (at most one log line per 10 s, with the running total).
 */
final class BoundedBuffer<T> {
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final int capacity;
    private final Logger log;
    private final ArrayDeque<T> items;
    private final AtomicLong dropped = new AtomicLong();
    private long lastLogNanos;
    private long droppedAtLastLog;

    BoundedBuffer(String name, int capacity, Logger log) {
        this.name = name;
        this.capacity = capacity;
        this.log = log;
        this.items = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    synchronized void add(T item) {
        if (items.size() >= capacity) {
            items.pollFirst();
            dropped(1);
        }
        items.addLast(item);
        notifyAll();
    }

    /** Adds several entries at once, so a reader never sees half of them. */
    synchronized void addAll(List<T> batch) {
        for (T item : batch) {
            if (items.size() >= capacity) {
                items.pollFirst();
                dropped(1);
            }
            items.addLast(item);
        }
        notifyAll();
    }

    /** Puts back entries that could not be sent, ahead of newer ones. */
    synchronized void requeue(List<T> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (items.size() >= capacity) {
                dropped(1); // the requeued entry is the oldest: it is the one that goes
                continue;
            }
            items.addFirst(batch.get(i));
        }
        notifyAll();
    }

    synchronized int drainTo(List<T> out, int max) {
        int n = 0;
        while (n < max && !items.isEmpty()) {
            out.add(items.pollFirst());
            n++;
        }
        return n;
    }

    synchronized boolean awaitItems(int atLeast, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (items.size() < atLeast) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized int size() {
        return items.size();
    }

    long dropped() {
        return dropped.get();
    }

    /** Counts entries lost for another reason (e.g. still buffered when shutdown gave up). */
    synchronized void dropped(long n) {
        long total = dropped.addAndGet(n);
        long now = System.nanoTime();
        if (droppedAtLastLog == 0 && total == n || now - lastLogNanos >= LOG_EVERY_NANOS) {
            log.warn(name + " buffer (capacity " + capacity + "): dropped " + (total - droppedAtLastLog)
                    + " entries since last report (oldest first when full, or unsendable at shutdown), " + total + " in total");
            lastLogNanos = now;
            droppedAtLastLog = total;
        }
    }
}
