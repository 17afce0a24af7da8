/**
 * Cluster presence in Redis: which nodes hold sockets of a token, written by each node for its own sockets and
 * read by the node a push is POSTed to.
 */
package org.pushserver.cluster.presence;
