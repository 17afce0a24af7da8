/**
 * The settings of the mobile fallback: the mode and queue, and one record per provider (APNs, FCM, Web Push), each
 * validated naming its key.
 */
package org.pushserver.config.mobile;
