import { registerErrors } from '../common/errors/app-exception';

export enum ExportErrorCode {
  EXPORT_FORMAT_UNSUPPORTED = 'EXPORT_FORMAT_UNSUPPORTED',
}

export const EXPORT_ERRORS = registerErrors<ExportErrorCode>({
  // 404 like any path that names nothing: /exports/persons.pdf is not a resource (docs/api-guide.md).
  EXPORT_FORMAT_UNSUPPORTED: {
    status: 404,
    title: { id: 'Format ekspor tidak tersedia', en: 'Export format not offered' },
    detail: {
      id: 'Tidak ada ekspor berformat "{format}"; gunakan .csv atau .xlsx.',
      en: 'There is no "{format}" export; use .csv or .xlsx.',
    },
  },
});
