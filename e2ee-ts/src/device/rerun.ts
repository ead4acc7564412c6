/**
 * One run of `body` at a time: a start while it runs returns the running one and asks it to go round once more
 * (`body` ends its loop with `while (rerun.takeRequest() || …)`), so no sync request is ever lost or run twice at once.
 */
export class Rerun {
  private running?: Promise<void>;
  private requested = false;

  constructor(private readonly body: () => Promise<void>) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  start(): Promise<void> {
    if (this.running) {
      this.requested = true;
      return this.running;
    }
    this.running = this.body().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Whether a start came in during the current round (and forgets it). */
  takeRequest(): boolean {
    const was = this.requested;
    this.requested = false;
    return was;
  }
}
