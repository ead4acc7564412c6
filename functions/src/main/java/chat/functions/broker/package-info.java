/**
 * The broker nodes as the functions see them: which are alive ({@link chat.functions.broker.BrokerLiveness}), how to
 * call one's delivery API ({@link chat.functions.broker.BrokerCallbacks}) and what a failed call says about it
 * ({@link chat.functions.broker.CallbackFailure}). Below presence and routing, which both call the nodes.
 */
package chat.functions.broker;
