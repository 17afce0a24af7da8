/**
 * History in Redis: each token's capped message stream, ids handed out by one script, settling a message's fate
 * once every node answered, and the scripts that do it atomically under the cluster's one hash tag.
 */
package org.pushserver.cluster.history;
