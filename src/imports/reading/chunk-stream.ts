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
