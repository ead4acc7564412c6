import { InvalidMessage } from './errors.js';

/** The few proto2 encodings Signal's messages use: unsigned varints and length-delimited bytes, in field order. */
export class ProtoWriter {
  private readonly parts: number[] = [];

  uint32(field: number, value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`uint32 out of range: ${value}`);
    this.varint(field * 8);
    this.varint(value);
    return this;
  }

  /** A uint64 field, for the integers a JS number holds exactly (up to 2^53 - 1). */
  uint64(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`uint64 out of range: ${value}`);
    this.varint(field * 8);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint(field * 8 + 2);
    this.varint(value.length);
    for (const b of value) this.parts.push(b);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }

  private varint(value: number): void {
    let v = value;
    while (v > 0x7f) {
      this.parts.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.parts.push(v);
  }
}

/** The last value of each field; unknown fields of wire types 0, 1, 2, 5 skipped; anything truncated refused. */
export class ProtoReader {
  private readonly varints = new Map<number, number>();
  private readonly fields = new Map<number, Uint8Array>();
  private readonly repeated = new Map<number, Uint8Array[]>();

  static parse(data: Uint8Array): ProtoReader {
    const reader = new ProtoReader();
    let pos = 0;
    const varint = (): number => {
      let result = 0;
      let scale = 1;
      for (let i = 0; i < 10; i++) {
        if (pos >= data.length) throw new InvalidMessage('truncated protobuf varint');
        const b = data[pos++];
        result += (b & 0x7f) * scale;
        scale *= 128;
        if ((b & 0x80) === 0) return result;
      }
      throw new InvalidMessage('protobuf varint longer than 10 bytes');
    };
    while (pos < data.length) {
      const key = varint();
      const field = Math.floor(key / 8);
      if (field <= 0) throw new InvalidMessage('bad protobuf field number');
      switch (key % 8) {
        case 0:
          reader.varints.set(field, varint());
          break;
        case 1:
        case 5: {
          const n = key % 8 === 1 ? 8 : 4;
          if (data.length - pos < n) throw new InvalidMessage('truncated protobuf field');
          pos += n;
          break;
        }
        case 2: {
          const length = varint();
          if (length > data.length - pos) throw new InvalidMessage(`truncated protobuf field ${field}`);
          const value = data.slice(pos, pos + length);
          reader.fields.set(field, value);
          const occurrences = reader.repeated.get(field);
          if (occurrences) occurrences.push(value);
          else reader.repeated.set(field, [value]);
          pos += length;
          break;
        }
        default:
          throw new InvalidMessage(`unsupported protobuf wire type ${key % 8}`);
      }
    }
    return reader;
  }

  has(field: number): boolean {
    return this.varints.has(field) || this.fields.has(field);
  }

  uint32(field: number): number | undefined {
    const v = this.varints.get(field);
    if (v !== undefined && v > 0xffffffff) throw new InvalidMessage(`field ${field} is not a uint32`);
    return v;
  }

  /**
   * A uint64 field as a number. Above 2^53 - 1 a number is no longer exact (and the varint above was read as
   * doubles), so such a value is refused rather than compared wrongly.
   */
  uint64(field: number): number | undefined {
    const v = this.varints.get(field);
    if (v !== undefined && !Number.isSafeInteger(v)) throw new InvalidMessage(`field ${field} is out of range`);
    return v;
  }

  bytes(field: number): Uint8Array | undefined {
    return this.fields.get(field);
  }

  /** Every occurrence of a length-delimited field, in order (a repeated field). */
  repeatedBytes(field: number): Uint8Array[] {
    return this.repeated.get(field) ?? [];
  }
}
