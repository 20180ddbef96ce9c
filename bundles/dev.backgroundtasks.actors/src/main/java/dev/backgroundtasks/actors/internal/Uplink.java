package dev.backgroundtasks.actors.internal;

/** How a child's side reaches its parent: in process, or a socket connection. Any thread, under the child's lock. */
interface Uplink {
    /** False when the pending queue is full or the way is closed; IllegalArgumentException when it cannot be encoded. */
    boolean message(ChildSide<?, ?> child, MessageType type, Object message);

    boolean request(ChildSide<?, ?> child, long request, MessageType type, Object message);

    /** The child called close (or its home went away): {@code DELETION} at the parent. */
    void close(ChildSide<?, ?> child);
}
