/**
 * Device inboxes: pairwise envelopes (session setup, Sender Key distribution, device linking, history keys) addressed
 * to one device, stored until it acks them, pushed live through the routing package and read by {@code inboxSync}.
 * Above store and routing; the messaging dispatcher and the accounts code call into it, never the reverse.
 */
package chat.functions.inbox;
