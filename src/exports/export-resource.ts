import { RequestContext } from '../common/context/request-context';
import { Page } from '../common/pagination/pagination';
import { TableColumn } from '../common/tabular';

/**
 * One exportable list. An export walks the list's own pages (its query, scope, masking and order), so a file holds
 * exactly the rows the list would show the caller, all of them.
 */
export interface ExportResource<Q extends object, R extends { id: string }> {
  /** The path segment and file name: `persons` → `GET /api/v1/exports/persons.csv`, `persons-2025-03-01.csv`. */
  name: string;
  columns: readonly TableColumn<R>[];
  /** One page of the list, not audited (the export audits it as EXPORT). */
  page(ctx: RequestContext, query: Q, cursor: string | undefined, limit: number): Promise<Page<R>>;
  /**
   * For lists that audit each row they show (rows about a person): the audit resource type and the row's person.
   * The export records one EXPORT event per row, as the list records one READ. Absent: the list audits no row,
   * and the export records only its summary event.
   */
  audit?: { resourceType: string; personId(row: R): string };
}
