/**
 * The cluster's side of the webhooks: presence transitions decided once cluster-wide (first socket, last socket
 * after the grace), offline claims and expiry indexes kept in Redis, and the reaper that ends a dead node's
 * sockets' presence.
 */
package org.pushserver.cluster.webhook;
