/**
 * The device registry in Redis: each token's APNs, FCM and Web Push devices, bounded per token by one script.
 */
package org.pushserver.cluster.devices;
