package dev.backgroundtasks.schedules.internal;

/** XML text escaping for the launchd and Task Scheduler files. */
final class Xml {
    private Xml() {
    }

    /**
     * Character data with the five predefined entities; characters XML 1.0 cannot hold at all are
     * refused, since no escape would carry them.
     */
    static String text(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&apos;"); break;
                case '\n': b.append("&#10;"); break;
                case '\r': b.append("&#13;"); break;
                case '\t': b.append("&#9;"); break;
                default:
                    if (c < 0x20 || c == 0xfffe || c == 0xffff) {
                        throw new IllegalArgumentException("XML cannot hold the character U+"
                                + String.format("%04X", (int) c) + " of '" + s + "'");
                    }
                    b.append(c);
            }
        }
        return b.toString();
    }
}
