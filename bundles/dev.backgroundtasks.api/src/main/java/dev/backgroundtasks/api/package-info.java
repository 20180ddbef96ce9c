/** The task API: what a background task implements and what the platform gives it. */
@Export
@Version("1.1.0")
package dev.backgroundtasks.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
