/**
 * The device routes: /api/devices to register, remove and list a token's devices, and the VAPID public key for
 * pages.
 */
package org.pushserver.api.devices;
