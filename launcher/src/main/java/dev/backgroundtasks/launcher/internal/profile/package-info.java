/** Profiles, their locks, the runtime directory and the layered preferences. */
package dev.backgroundtasks.launcher.internal.profile;
