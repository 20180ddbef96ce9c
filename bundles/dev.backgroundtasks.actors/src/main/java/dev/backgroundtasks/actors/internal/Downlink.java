package dev.backgroundtasks.actors.internal;

import dev.backgroundtasks.actors.DestroyReason;

/** How a parent's side reaches its child: in process, or a socket connection. On the background thread only. */
interface Downlink {
    /** False when the pending queue is full or the way is closed; IllegalArgumentException when it cannot be encoded. */
    boolean message(ParentSide parent, MessageType type, Object message);

    /** A reply already checked against the request's reply shape. */
    void reply(ParentSide parent, long request, MessageType type, Object value);

    void fail(ParentSide parent, long request, String text);

    /** The parent's side ended the pair: {@code DELETION}, {@code FAILED_CONSTRUCTOR} or {@code NORMAL_SHUTDOWN}. */
    void close(ParentSide parent, DestroyReason reason);

    boolean isOtherProcess();
}
