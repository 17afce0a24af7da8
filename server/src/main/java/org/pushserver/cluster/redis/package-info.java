/**
 * The Redis plumbing every cluster store shares: the client and its setup per topology, the health that makes calls
 * fail fast during an outage, the key names under the one hash tag, and the scripts common to several stores.
 */
package org.pushserver.cluster.redis;
