/**
 * Deleting an account: it leaves the user's groups, so it sits above messaging, which itself resolves handles
 * through the accounts package. Apart from accounts so that the two do not depend on each other.
 */
package chat.functions.accounts.deletion;
