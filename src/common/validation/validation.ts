import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
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

/** The one validation pipe: unknown fields rejected, values converted only where a DTO says so. */
export function createValidationPipe(): ValidationPipe {
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
