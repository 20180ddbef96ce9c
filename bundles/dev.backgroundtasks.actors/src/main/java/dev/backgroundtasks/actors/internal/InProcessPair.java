package dev.backgroundtasks.actors.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backgroundtasks.actors.DestroyReason;

/**
 * Both directions of one pair inside a process: the child's messages go to the background thread's queue,
 * the parent's to the child's home, as the objects themselves. With {@code convert}, every message and
 * reply is encoded and decoded on the way exactly as the socket does it: the test switch that proves
 * both transports equivalent, and the path for two copies of a protocol's classes that agree on its
 * declaration.
 */
final class InProcessPair implements Uplink, Downlink {
    /** Messages one direction may hold that the receiver has not taken yet. */
    static final int PENDING_LIMIT = 4096;

    private final BackgroundThread thread;
    private final ChildSide<?, ?> child;
    private final ProtocolSchema parentSchema;
    private final boolean convert;
    private final AtomicInteger toParent = new AtomicInteger();
    private final AtomicInteger toChild = new AtomicInteger();
    private ParentSide parent;

    InProcessPair(BackgroundThread thread, ChildSide<?, ?> child, ProtocolSchema parentSchema, boolean convert) {
        this.thread = thread;
        this.child = child;
        this.parentSchema = parentSchema;
        this.convert = convert;
    }

    void parent(ParentSide parent) {
        this.parent = parent;
    }

    ChildSide<?, ?> child() {
        return child;
    }

    // ----------------------------------------------------------------------------- child to parent

    @Override
    public boolean message(ChildSide<?, ?> from, MessageType type, Object message) {
        return toParent(type, message, -1);
    }

    @Override
    public boolean request(ChildSide<?, ?> from, long request, MessageType type, Object message) {
        return toParent(type, message, request);
    }

    private boolean toParent(MessageType type, Object message, long request) {
        MessageType target = convert ? parentSchema.toParent(type.identity()) : type;
        Object carried = convert ? Wire.convert(type.record, target.record, message) : message;
        if (toParent.incrementAndGet() > PENDING_LIMIT) {
            toParent.decrementAndGet();
            return false;
        }
        try {
            thread.execute(() -> {
                toParent.decrementAndGet();
                parent.receive(target, carried, request);
            });
            return true;
        } catch (RejectedExecutionException closed) {
            toParent.decrementAndGet();
            return false;
        }
    }

    @Override
    public void close(ChildSide<?, ?> from) {
        try {
            thread.execute(() -> parent.peerEnded(DestroyReason.DELETION));
        } catch (RejectedExecutionException closed) {
            // the background thread is gone, and its parents with it
        }
    }

    // ----------------------------------------------------------------------------- parent to child

    @Override
    public boolean message(ParentSide from, MessageType type, Object message) {
        Object carried = convert
                ? Wire.convert(type.record, child.schema.toChild(type.identity()).record, message) : message;
        if (toChild.incrementAndGet() > PENDING_LIMIT) {
            toChild.decrementAndGet();
            return false;
        }
        child.deliver(carried, toChild::decrementAndGet);
        return true;
    }

    @Override
    public void reply(ParentSide from, long request, MessageType type, Object value) {
        if (convert) {
            try {
                value = Wire.convertValue(type.reply, child.schema.toParent(type.identity()).reply, value);
            } catch (IllegalArgumentException e) {
                child.failed(request, "protocol '" + parentSchema.name() + "': the reply to " + type.identity()
                        + " cannot be encoded: " + e.getMessage());
                return;
            }
        }
        child.replied(request, value);
    }

    @Override
    public void fail(ParentSide from, long request, String text) {
        child.failed(request, text);
    }

    @Override
    public void close(ParentSide from, DestroyReason reason) {
        child.end(reason);
    }

    @Override
    public boolean isOtherProcess() {
        return false;
    }
}
