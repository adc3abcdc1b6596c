import { IsInt, IsOptional, IsString, Max, MaxLength, validateSync } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { memoizeValidationMetadata, toFieldErrors } from './validation';

class Parent {
  @IsString()
  @MaxLength(5)
  name: string;
}

class Child extends Parent {
  @IsOptional()
  @IsInt()
  @Max(9)
  count?: number;
}

const errorsOf = (value: object) => toFieldErrors(validateSync(value)).map((e) => `${e.field}: ${e.message.en}`);

describe('memoizeValidationMetadata', () => {
  it('validates as before, inherited rules included, and remembers the lookup', () => {
    const child = Object.assign(new Child(), { name: 'panjang sekali', count: 10 });
    const before = errorsOf(child);
    memoizeValidationMetadata();
    memoizeValidationMetadata();
    expect(errorsOf(child)).toEqual(before);
    expect(before).toEqual(['count: must not be greater than 9', 'name: must be at most 5 characters']);
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
  });

  it('forgets what it remembered when a class registers new rules later', () => {
    memoizeValidationMetadata();
    class Late {
      @IsString()
      label: string;
    }
    expect(errorsOf(Object.assign(new Late(), { label: 1 }))).toEqual(['label: must be a string']);
    class Later extends Late {
      @IsInt()
      size: number;
    }
    expect(errorsOf(Object.assign(new Later(), { label: 'x', size: 'y' }))).toEqual(['size: must be an integer']);
  });
});
