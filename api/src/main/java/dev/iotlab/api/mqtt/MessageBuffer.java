package dev.iotlab.api.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent messages received, bounded by count and by total payload bytes so that a flood of large
 * messages cannot exhaust the heap. The oldest are dropped first.
 */
public class MessageBuffer {
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<ReceivedMessage> messages = new ArrayDeque<>();
    private long bytes;
    private long dropped;

    public MessageBuffer(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    public synchronized void add(ReceivedMessage m) {
        messages.addLast(m);
        bytes += m.payload().length;
        while (messages.size() > maxMessages || (bytes > maxBytes && messages.size() > 1)) {
            bytes -= messages.removeFirst().payload().length;
            dropped++;
        }
    }

    /** Up to {@code limit} messages matching the filter, oldest first. */
    public synchronized List<ReceivedMessage> recent(String filter, int limit) {
        List<ReceivedMessage> out = new ArrayList<>();
        for (Iterator<ReceivedMessage> it = messages.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            ReceivedMessage m = it.next();
            if (Topics.matches(filter, m.topic())) {
                out.add(0, m);
            }
        }
        return out;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
