/**
 * The functions' own threads ({@link chat.functions.threads.Pools}) and the order in which everything stops
 * ({@link chat.functions.threads.ShutdownOrder}). Depends on nothing else of the functions, so every package may use it.
 */
package chat.functions.threads;
