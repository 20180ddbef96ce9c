/** File primitives and the installation's layout: safe creation and removal, platform files, file locks. */
package dev.backgroundtasks.launcher.internal.files;
