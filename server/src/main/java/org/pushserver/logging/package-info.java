/**
 * Log hygiene: {@link org.pushserver.logging.LibraryNoiseFilter} turns the libraries' per-packet ERRORs, which any
 * client can cause, into one line each, and lets their real errors through.
 */
package org.pushserver.logging;
