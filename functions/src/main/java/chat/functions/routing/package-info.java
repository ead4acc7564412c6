/**
 * Pushing frames to users' connected devices, by connection or by user, through the broker nodes. Above presence
 * (a node that no longer holds a connection makes its device offline) and below messaging and the fan-out worker,
 * which both push.
 */
package chat.functions.routing;
