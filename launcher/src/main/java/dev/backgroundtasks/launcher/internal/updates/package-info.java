/** Staged updates of the installation, applied under the installation lock. */
package dev.backgroundtasks.launcher.internal.updates;
