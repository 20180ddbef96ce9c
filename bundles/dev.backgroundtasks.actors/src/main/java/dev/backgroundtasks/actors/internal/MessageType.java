package dev.backgroundtasks.actors.internal;

/** One message record of a protocol: its identity, its direction, and for a request its reply's shape. */
final class MessageType {
    final RecordShape record;
    final boolean toParent;
    /** Null unless the record is a {@code Request}. */
    final Shape reply;

    MessageType(RecordShape record, boolean toParent, Shape reply) {
        this.record = record;
        this.toParent = toParent;
        this.reply = reply;
    }

    String identity() {
        return record.identity;
    }
}
