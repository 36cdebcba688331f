import { open, type FileHandle } from 'node:fs/promises';
import {
  AbstractTokenizer,
  EndOfStreamError,
  type IRandomAccessFileInfo,
  type IReadChunkOptions,
} from 'strtok3';

/** Random access to a file's bytes; what mpeg-duration.ts needs. */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Promise<Uint8Array>;
}

const BLOCK = 64 * 1024;
const KEEP_BLOCKS = 4;

/**
 * A music-metadata tokenizer that reads the file in 64 KiB blocks. strtok3's FileTokenizer issues
 * one read per token — dozens of 4- to 10-byte reads per file (frame headers, atom headers) —
 * and each is a round trip through libuv's thread pool; a CPU profile of the scan workers showed
 * most of their time there. Tags sit in one or two blocks (the start, and the end for ID3v1/APE),
 * so a parse becomes a few reads. Reads larger than a block go straight to the file.
 */
export class BlockFileTokenizer extends AbstractTokenizer implements ByteSource {
  fileInfo: IRandomAccessFileInfo;
  private readonly blocks = new Map<number, Uint8Array>();

  static async open(path: string): Promise<BlockFileTokenizer> {
    const fh = await open(path, 'r');
    try {
      return new BlockFileTokenizer(fh, { path, size: (await fh.stat()).size });
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  private constructor(
    private readonly fh: FileHandle,
    fileInfo: IRandomAccessFileInfo,
  ) {
    super();
    this.fileInfo = fileInfo;
  }

  get size(): number {
    return this.fileInfo.size;
  }

  supportsRandomAccess(): boolean {
    return true;
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const o = this.normalizeOptions(target, options);
    const n = await this.fill(target, o.position, o.length, o.mayBeLess ?? false);
    this.position = o.position + n;
    return n;
  }

  async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const o = this.normalizeOptions(target, options);
    return this.fill(target, o.position, o.length, o.mayBeLess ?? false);
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.size - position)));
    await this.fill(out, position, out.length, true);
    return out;
  }

  protected override async closeOnce(): Promise<void> {
    await this.fh.close();
    await super.closeOnce();
  }

  private async fill(
    target: Uint8Array,
    position: number,
    length: number,
    mayBeLess: boolean,
  ): Promise<number> {
    const end = Math.min(position + length, this.size);
    let n = 0;
    if (length > BLOCK) {
      while (position + n < end) {
        const { bytesRead } = await this.fh.read(target, n, end - position - n, position + n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
    } else {
      while (position + n < end) {
        const index = Math.floor((position + n) / BLOCK);
        const block = await this.block(index);
        const from = position + n - index * BLOCK;
        const take = Math.min(block.length - from, end - position - n);
        if (take <= 0) break; // the file shrank since it was opened
        target.set(block.subarray(from, from + take), n);
        n += take;
      }
    }
    if (!mayBeLess && n < length) throw new EndOfStreamError();
    return n;
  }

  private async block(index: number): Promise<Uint8Array> {
    const cached = this.blocks.get(index);
    if (cached) return cached;
    const buf = new Uint8Array(Math.min(BLOCK, Math.max(0, this.size - index * BLOCK)));
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await this.fh.read(buf, n, buf.length - n, index * BLOCK + n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    const block = buf.subarray(0, n);
    if (this.blocks.size >= KEEP_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    this.blocks.set(index, block);
    return block;
  }
}
