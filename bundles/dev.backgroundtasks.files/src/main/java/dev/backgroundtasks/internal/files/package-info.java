/**
 * The one safe file primitive of the platform (docs/reliability.md): never follow a link it did not
 * create, remove trees relative to directory handles, open lock files privately and without following
 * links. Not exported: the launcher shades it, each toolkit task bundle embeds a private copy
 * ({@code -conditionalpackage}), so that one source serves all of them.
 */
package dev.backgroundtasks.internal.files;
