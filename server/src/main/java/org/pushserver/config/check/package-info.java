/**
 * Validation of settings: the checks every section record runs in its compact constructor, naming the key in the
 * error and the URLs they parse.
 */
package org.pushserver.config.check;
