/**
 * Actor pairs from any thread of any process of the user to a process's responsive background thread
 * (Gecko's PBackground): a protocol of sealed records declared once, a child actor wherever it is opened,
 * its parent actor on the background thread, in the same process or over a Unix domain socket.
 */
@Export
@Version("1.0.0")
package dev.backgroundtasks.actors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
