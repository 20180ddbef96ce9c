/** The web's Prioritized Task Scheduling API and requestIdleCallback on a Java event loop. */
@Export
@Version("1.0.0")
package dev.backgroundtasks.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
