import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { MetadataStorage } from 'class-validator/types/metadata/MetadataStorage';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { LocalizedText } from '../i18n';
import { AppException, FieldError } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';

type Template = (args: unknown[]) => LocalizedText;

const list = (values: unknown): string =>
  Array.isArray(values) ? values.join(', ') : Object.values(values ?? {}).join(', ');

/** Indonesian and English messages per class-validator constraint; `args` are the decorator's arguments. */
const TEMPLATES: Record<string, Template> = {
  whitelistValidation: () => ({ id: 'isian ini tidak dikenal', en: 'this field is not allowed' }),
  unknownValue: () => ({ id: 'isi permintaan harus berupa objek JSON', en: 'the body must be a JSON object' }),
  isDefined: () => ({ id: 'wajib diisi', en: 'is required' }),
  isNotEmpty: () => ({ id: 'tidak boleh kosong', en: 'must not be empty' }),
  isString: () => ({ id: 'harus berupa teks', en: 'must be a string' }),
  isInt: () => ({ id: 'harus berupa bilangan bulat', en: 'must be an integer' }),
  isNumber: () => ({ id: 'harus berupa angka', en: 'must be a number' }),
  isBoolean: () => ({ id: 'harus true atau false', en: 'must be true or false' }),
  isUuid: () => ({ id: 'harus berupa UUID', en: 'must be a UUID' }),
  isEmail: () => ({ id: 'harus berupa alamat email', en: 'must be an email address' }),
  isArray: () => ({ id: 'harus berupa daftar', en: 'must be an array' }),
  isObject: () => ({ id: 'harus berupa objek', en: 'must be an object' }),
  nestedValidation: () => ({ id: 'harus berupa objek yang valid', en: 'must be a valid object' }),
  isEnum: ([values]) => ({ id: `harus salah satu dari: ${list(values)}`, en: `must be one of: ${list(values)}` }),
  isIn: ([values]) => ({ id: `harus salah satu dari: ${list(values)}`, en: `must be one of: ${list(values)}` }),
  min: ([n]) => ({ id: `paling kecil ${String(n)}`, en: `must not be less than ${String(n)}` }),
  max: ([n]) => ({ id: `paling besar ${String(n)}`, en: `must not be greater than ${String(n)}` }),
  minLength: ([n]) => ({ id: `paling sedikit ${String(n)} karakter`, en: `must be at least ${String(n)} characters` }),
  maxLength: ([n]) => ({ id: `paling banyak ${String(n)} karakter`, en: `must be at most ${String(n)} characters` }),
  length: ([a, b]) => ({
    id: `panjangnya harus ${String(a)}–${String(b)} karakter`,
    en: `must be ${String(a)}–${String(b)} characters long`,
  }),
  arrayMinSize: ([n]) => ({ id: `paling sedikit ${String(n)} butir`, en: `must contain at least ${String(n)} items` }),
  arrayMaxSize: ([n]) => ({ id: `paling banyak ${String(n)} butir`, en: `must contain at most ${String(n)} items` }),
  arrayUnique: () => ({ id: 'butirnya tidak boleh berulang', en: 'must not contain duplicates' }),
  isIso8601: () => ({ id: 'harus berupa tanggal ISO 8601', en: 'must be an ISO 8601 date' }),
  isDateString: () => ({ id: 'harus berupa tanggal ISO 8601', en: 'must be an ISO 8601 date' }),
  matches: () => ({ id: 'formatnya tidak sesuai', en: 'has the wrong format' }),
  isUrl: () => ({ id: 'harus berupa URL', en: 'must be a URL' }),
};

/** Custom validators register their own messages here. */
export function registerValidationMessage(constraint: string, template: Template): void {
  TEMPLATES[constraint] = template;
}

function constraintArgs(target: object | undefined, property: string, constraint: string): unknown[] {
  if (!target) return [];
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const found = metadatas.find((m) => m.propertyName === property && (m.name ?? m.type) === constraint);
  return (found?.constraints as unknown[] | undefined) ?? [];
}

/** Flattens nested class-validator errors into `field` paths such as `domicile.villageCode` or `items[0].qty`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const [constraint, english] of Object.entries(error.constraints ?? {})) {
      const template = TEMPLATES[constraint];
      const args = constraintArgs(error.target, error.property, constraint);
      out.push({ field, message: template ? template(args) : { id: `tidak valid (${english})`, en: english } });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}

type Grouped = Record<string, ValidationMetadata[]>;
const MEMOIZED = Symbol('jejaring:memoized-validation-metadata');

/**
 * class-validator looks up a class's rules on every validation, and that lookup walks the rules of every class in
 * the application to find inherited ones: the larger the application, the slower each validation (a measurable
 * share of a bulk import, which validates every row). The rules are fixed once the classes are loaded, so the
 * lookup is remembered per class; adding a rule (a class loaded later) forgets everything remembered.
 */
export function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as MetadataStorage & { [MEMOIZED]?: true };
  if (storage[MEMOIZED]) return;
  storage[MEMOIZED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let targets = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Grouped>();
  storage.addValidationMetadata = (metadata: ValidationMetadata): void => {
    targets = new Map();
    groupings = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${(groups ?? []).join('\u0000')}`;
    let byKey = targets.get(target);
    if (!byKey) targets.set(target, (byKey = new Map()));
    let found = byKey.get(key);
    // Callers only read the list (class-validator filters and groups it into new objects).
    if (!found) byKey.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata: ValidationMetadata[]): Grouped => {
    let grouped = groupings.get(metadata);
    if (!grouped) groupings.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
}

/** The one validation pipe: unknown fields rejected, values converted only where a DTO says so. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new AppException(CommonErrorCode.VALIDATION_FAILED, {}, toFieldErrors(errors)),
  });
}
