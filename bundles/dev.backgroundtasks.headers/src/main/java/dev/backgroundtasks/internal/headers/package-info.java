/**
 * The one parser of OSGi manifest headers, for code that reads bundles' manifests from jars without a
 * framework: the launcher's lookup and the deploy task. Not exported: the launcher shades it, the deploy
 * task bundle embeds a private copy ({@code -conditionalpackage}), so that one source serves both.
 */
package dev.backgroundtasks.internal.headers;
