/**
 * SQS plumbing shared by the send path and the workers: queue URLs, the long-poll consumer, what one received batch
 * means ({@link chat.functions.queue.QueueBatch}, also used by the Lambda handlers), and the fan-out queue's message
 * and publisher, which the send path (messaging) writes and the fan-out worker reads. Depends on no other package
 * of the functions but the configuration, so every tier above may use it.
 */
package chat.functions.queue;
