import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';

/** Size of the pieces an upload is stored in: small enough for fine progress, large enough for few round trips. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * The stored upload of a job, read back piece by piece (one query per piece, on the pool): memory holds one piece
 * at a time whatever the file's size. `bytesRead` is how far the reader has got, for the job's percent.
 */
export class StoredFileStream extends Readable {
  bytesRead = 0;
  private seq = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobId: string,
  ) {
    super();
  }

  override _read(): void {
    this.dataSource
      .query<{ data: Buffer }[]>(`SELECT data FROM import_file_chunks WHERE job_id = $1 AND seq = $2`, [
        this.jobId,
        this.seq,
      ])
      .then(
        (rows) => {
          if (rows.length === 0) {
            this.push(null);
            return;
          }
          this.seq++;
          this.bytesRead += rows[0].data.length;
          this.push(rows[0].data);
        },
        (error: Error) => this.destroy(error),
      );
  }
}

/**
 * The stored upload read at any offset, as the zip reader of XLSX files needs (a zip's directory is at its end).
 * The upload is stored in pieces of exactly `CHUNK_BYTES` but the last, so an offset names its piece; each piece
 * is fetched by one query, only the bytes asked for. `bytesRead` counts the bytes fetched, for the job's percent.
 */
export class StoredFileRanges {
  bytesRead = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobId: string,
    readonly size: number,
  ) {}

  range(start: number, end: number): Readable {
    return Readable.from(this.pieces(start, Math.min(end, this.size)), { objectMode: false });
  }

  private async *pieces(start: number, end: number): AsyncGenerator<Buffer> {
    for (let seq = Math.floor(start / CHUNK_BYTES); seq * CHUNK_BYTES < end; seq++) {
      const from = Math.max(start - seq * CHUNK_BYTES, 0);
      const length = Math.min(end - seq * CHUNK_BYTES, CHUNK_BYTES) - from;
      const rows = await this.dataSource.query<{ data: Buffer }[]>(
        `SELECT substring(data FROM $3 FOR $4) AS data FROM import_file_chunks WHERE job_id = $1 AND seq = $2`,
        [this.jobId, seq, from + 1, length],
      );
      const piece = rows[0]?.data;
      if (!piece || piece.length !== length) throw new Error(`stored upload ${this.jobId} is shorter than its size`);
      this.bytesRead = Math.min(this.size, this.bytesRead + piece.length);
      yield piece;
    }
  }
}
