/** Why a message could not be decrypted: the same names as the Java library's {@code Failure}. */
export type Failure =
  | 'MALFORMED'
  | 'NO_SESSION'
  | 'BAD_MAC'
  | 'DUPLICATE'
  | 'TOO_FAR_AHEAD'
  | 'UNKNOWN_PREKEY'
  | 'UNTRUSTED_IDENTITY'
  | 'BAD_SIGNATURE'
  | 'NO_SENDER_KEY';

export type Decryption = { ok: true; plaintext: Uint8Array } | { ok: false; failure: Failure; detail: string };

/** Thrown inside the library and turned into a {@link Decryption} value at its edge. */
export class DecryptError extends Error {
  constructor(readonly failure: Failure, detail: string) {
    super(detail);
  }
}

/** A message or key that cannot be read (truncated, unknown version, wrong length). */
export class InvalidMessage extends DecryptError {
  constructor(detail: string) {
    super('MALFORMED', detail);
  }
}
