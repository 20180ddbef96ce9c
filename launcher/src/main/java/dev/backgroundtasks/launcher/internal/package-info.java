/** The launcher's implementation: command line, lookup, profiles, preferences, the framework run. */
package dev.backgroundtasks.launcher.internal;
